import {
  ACTIVITY_COUNT_FACT,
  FactRegistry,
  type FactContext,
  type FactDefinition,
  type FactType,
} from './fact-registry';
import type { ActivityRecord, Facts, LeadRecord } from './lead';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Epoch milliseconds of an ISO string or Date, or undefined when absent or unparseable. */
export function toInstant(value: string | Date | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const instant = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(instant) ? undefined : instant;
}

/** Whole days from `instant` to `now` (floored), the unit every day-based fact uses. */
export function wholeDaysBetween(instant: number, now: Date): number {
  return Math.floor((now.getTime() - instant) / DAY_MS);
}

/** The guide's names for the email count facts, and the activity type each one counts. */
export const GUIDE_COUNT_FACTS: Readonly<Record<string, string>> = {
  email_opens_count: 'email_opened',
  email_clicks_count: 'email_clicked',
};

/** Computed facts that read every activity whatever its type. */
export const ANY_ACTIVITY_FACTS: readonly string[] = ['activities_count', 'last_activity_days_ago'];

function countOf(type: string) {
  return ({ activities }: FactContext): number =>
    activities.filter((activity) => activity.type === type).length;
}

function stored(name: string, type: FactType, description: string): FactDefinition {
  return { name, type, source: 'lead', description };
}

function enrichment(name: string, type: FactType, description: string): FactDefinition {
  return { name, type, source: 'enrichment', description };
}

function computed(name: string, description: string, compute: (ctx: FactContext) => unknown): FactDefinition {
  return { name, type: 'number', source: 'computed', description, compute };
}

const BUILT_IN_FACTS: readonly FactDefinition[] = [
  stored('email', 'string', 'email address'),
  stored('phone', 'string', 'phone number'),
  stored('company', 'string', 'company name'),
  stored('title', 'string', 'job title'),
  stored('industry', 'string', 'industry'),
  stored('company_size', 'string', 'company size: a bucket such as "51-200", or a number'),
  stored('status', 'string', 'lead status'),
  stored('source', 'string', 'lead source'),
  // Exposed as an ISO-8601 string so that facts stay plain JSON; operators compare it as an instant.
  {
    ...stored('created_at', 'date', 'creation date'),
    compute: ({ lead }) => {
      const instant = toInstant(lead.created_at);
      return instant === undefined ? null : new Date(instant).toISOString();
    },
  },
  stored('owner_id', 'number', 'id of the owning user'),
  stored('first_name', 'string', 'first name'),
  stored('last_name', 'string', 'last name'),
  stored(
    'predicted_win_probability',
    'number',
    "the win model's probability (0..1) that the lead is won; null while the predictive score is off",
  ),
  enrichment('company_revenue', 'string', 'company revenue range'),
  enrichment('job_level', 'string', 'job level: entry, mid, senior, executive'),
  enrichment('technologies', 'string[]', 'technologies the company uses'),
  enrichment('social_profiles', 'object', 'social media profiles by network'),
  computed('days_since_creation', 'whole days since the lead was created', ({ lead, now }) => {
    const created = toInstant(lead.created_at);
    return created === undefined ? null : wholeDaysBetween(created, now);
  }),
  computed(
    'last_activity_days_ago',
    'whole days since the latest activity (null when none)',
    ({ activities, now }) => {
      const instants = activities
        .map((activity) => toInstant(activity.occurred_at))
        .filter((i) => i !== undefined);
      return instants.length === 0 ? null : wholeDaysBetween(Math.max(...instants), now);
    },
  ),
  // The guide's names for the two email activity types; `email_opened_count` and `email_clicked_count` exist too.
  ...Object.entries(GUIDE_COUNT_FACTS).map(([name, type]) =>
    computed(name, `number of ${type} activities`, countOf(type)),
  ),
  computed('activities_count', 'number of activities of any type', ({ activities }) => activities.length),
];

/** A fresh registry with every built-in fact; add a deployment's own with `.register({...})`. */
export function defaultFactRegistry(): FactRegistry {
  return new FactRegistry(BUILT_IN_FACTS);
}

// Names that could reach Object.prototype or json-rules-engine internals are never facts.
const FACT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

export function isUsableFactName(name: string): boolean {
  return FACT_NAME.test(name) && !FORBIDDEN_NAMES.has(name);
}

/** Every `<type>_count` fact for the activity types present (absent types read as 0 in the engine). */
function activityCounts(activities: readonly ActivityRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { type } of activities) {
    const name = `${type}_count`;
    if (ACTIVITY_COUNT_FACT.test(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/**
 * A lead field by name: the stored field when it holds a value, else the custom field of that name. Stored
 * documents carry every schema field (null when unset), so a null stored field must not hide a custom one.
 */
export function readLeadField(lead: LeadRecord, name: string): unknown {
  const stored =
    name !== 'custom_fields' && Object.prototype.hasOwnProperty.call(lead, name) ? lead[name] : undefined;
  if (stored !== undefined && stored !== null) return stored;
  const custom = lead.custom_fields;
  return custom && Object.prototype.hasOwnProperty.call(custom, name) ? custom[name] : stored;
}

/**
 * The flat facts a rule set is evaluated against. Precedence, highest first: registered facts (computed ones
 * call `compute`, stored ones read the lead, then its custom_fields), activity counts, then the lead's
 * custom_fields under their own names. A missing value is `null`, never an absent key, so that explanations
 * show it.
 */
export function buildFacts(registry: FactRegistry, input: FactContext): Facts {
  const facts: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input.lead.custom_fields ?? {})) {
    if (isUsableFactName(name)) facts[name] = value;
  }
  for (const [name, count] of activityCounts(input.activities)) facts[name] = count;
  for (const definition of registry.list()) {
    if (!isUsableFactName(definition.name)) continue;
    const value = definition.compute ? definition.compute(input) : readLeadField(input.lead, definition.name);
    facts[definition.name] = value === undefined ? null : value;
  }
  return facts;
}
