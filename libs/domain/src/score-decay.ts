import type { FieldProblem } from './errors';
import { ACTIVITY_COUNT_FACT, type FactContext } from './fact-registry';
import { ANY_ACTIVITY_FACTS, DAY_MS, GUIDE_COUNT_FACTS, toInstant } from './lead-facts';
import { CATEGORIES, type Category } from './rule';
import type { ScoreCaps } from './score-caps';
import { DEFAULT_GRADING, type GradingPolicy } from './score-grade';

/**
 * Score decay: points of matched rules in the decaying categories lose value with the age of the activity
 * they came from. Everything here is a pure function of the rule set's settings, the lead's activities and
 * the scoring instant `now` (an input, never the clock), so any process computes the same score.
 */

/** Points keep `0.5 ^ (age_days / half_life_days)` of their value. */
export interface HalfLifeDecay {
  mode: 'half_life';
  half_life_days: number;
  categories: readonly Category[];
}

/** HubSpot-style steps: from `after_days` on, points keep `keep_percent` % (the last step reached applies). */
export interface DecayStep {
  after_days: number;
  keep_percent: number;
}

export interface StepDecay {
  mode: 'step';
  /** ascending `after_days`, non-increasing `keep_percent` (the DSL validator enforces both) */
  steps: readonly DecayStep[];
  categories: readonly Category[];
}

export type DecayPolicy = HalfLifeDecay | StepDecay;

/** Settings that belong to a rule set and are published with it, so a score's version names them too. */
export interface ScoringSettings {
  /** null: no decay (the default) */
  decay: DecayPolicy | null;
  /** null: no caps (the default) */
  caps: ScoreCaps | null;
  /** how grades A–F are given; null: no grades. Default: DEFAULT_GRADING */
  grading: GradingPolicy | null;
}

export const DEFAULT_DECAY_CATEGORIES: readonly Category[] = ['behavioral', 'engagement'];
export const DEFAULT_SCORING_SETTINGS: ScoringSettings = Object.freeze({
  decay: null,
  caps: null,
  grading: DEFAULT_GRADING,
});

/**
 * Settings as stored before caps and grades existed lack them: such a version has no caps, and grades with
 * the default policy (grades are read beside the score, they never change it).
 */
export function withSettingsDefaults(stored: Partial<ScoringSettings> | null | undefined): ScoringSettings {
  return {
    decay: stored?.decay ?? null,
    caps: stored?.caps ?? null,
    grading: gradingOf(stored?.grading),
  };
}

/**
 * Only the bands: versions published before rules carried `counts_toward_grade` also name the fit
 * categories here, which legacyCountsTowardGrade reads for their rules.
 */
function gradingOf(stored: GradingPolicy | null | undefined): GradingPolicy | null {
  if (stored === undefined) return DEFAULT_GRADING;
  if (stored === null) return null;
  // a stored document, not a type guarantee: a hand-written one may lack the bands
  const { bands } = stored as Partial<GradingPolicy>;
  return { bands: bands ?? DEFAULT_GRADING.bands };
}

/** Longest half-life and latest step accepted: ten years, beyond which decay means nothing. */
export const MAX_DECAY_DAYS = 3650;
export const MAX_DECAY_STEPS = 20;

/**
 * The rules a decay policy must follow beyond its shape: a positive half-life, steps in ascending
 * `after_days` whose `keep_percent` never rises (decay never gives points back), known categories, each once.
 * The DSL's JSON Schema checks the shape; this is shared by the DSL validator and the rule-set compiler.
 */
export function decayPolicyProblems(policy: DecayPolicy, pointer: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (at: string, code: string, message: string) =>
    problems.push({ pointer: `${pointer}${at}`, code, message });
  // Read as unknown: a stored document may have been written by hand, and the compiler checks it too.
  const mode: unknown = policy.mode;
  if (mode === 'half_life') {
    const days: unknown = (policy as HalfLifeDecay).half_life_days;
    if (!isDayCount(days) || days <= 0)
      add('/half_life_days', 'OUT_OF_RANGE', `half_life_days must be above 0 and at most ${MAX_DECAY_DAYS}`);
  } else if (mode === 'step') {
    stepProblems((policy as StepDecay).steps, add);
  } else {
    add('/mode', 'INVALID_ENUM', 'mode must be "half_life" or "step"');
  }
  const categories: unknown = policy.categories;
  if (!Array.isArray(categories) || categories.length === 0) {
    add('/categories', 'TOO_FEW_ITEMS', 'categories must name at least one category');
  } else {
    categories.forEach((category: unknown, index) => {
      if (!(CATEGORIES as readonly unknown[]).includes(category))
        add(`/categories/${index}`, 'INVALID_ENUM', `unknown category ${JSON.stringify(category)}`);
      else if (categories.indexOf(category) !== index)
        add(`/categories/${index}`, 'DUPLICATE_ITEMS', `category ${String(category)} is listed twice`);
    });
  }
  return problems;
}

function isDayCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value <= MAX_DECAY_DAYS;
}

function stepProblems(steps: unknown, add: (at: string, code: string, message: string) => void): void {
  if (!Array.isArray(steps) || steps.length === 0 || steps.length > MAX_DECAY_STEPS) {
    add('/steps', 'TOO_FEW_ITEMS', `steps must list 1 to ${MAX_DECAY_STEPS} steps`);
    return;
  }
  let previous: { after_days?: unknown; keep_percent?: unknown } | undefined;
  steps.forEach((item: unknown, index) => {
    const step = (typeof item === 'object' && item !== null ? item : {}) as typeof previous & object;
    const { after_days: days, keep_percent: percent } = step;
    const at = `/steps/${index}`;
    if (!isDayCount(days) || !Number.isInteger(days) || days < 1)
      add(
        `${at}/after_days`,
        'OUT_OF_RANGE',
        `after_days must be a whole number from 1 to ${MAX_DECAY_DAYS}`,
      );
    else if (typeof previous?.after_days === 'number' && days <= previous.after_days)
      add(
        `${at}/after_days`,
        'INVALID_ORDER',
        `after_days must be above the step before (${previous.after_days})`,
      );
    if (typeof percent !== 'number' || !(percent >= 0 && percent <= 100))
      add(`${at}/keep_percent`, 'OUT_OF_RANGE', 'keep_percent must be a number from 0 to 100');
    else if (typeof previous?.keep_percent === 'number' && percent > previous.keep_percent)
      add(
        `${at}/keep_percent`,
        'INVALID_ORDER',
        `keep_percent must not rise above the step before (${previous.keep_percent})`,
      );
    previous = step;
  });
}

/** The share of its points a rule keeps at `ageDays` (whole days, >= 0): 1 at age 0, never above 1. */
export function decayFactor(policy: DecayPolicy, ageDays: number): number {
  if (policy.mode === 'half_life') return Math.pow(0.5, ageDays / policy.half_life_days);
  let keepPercent = 100;
  for (const step of policy.steps) if (ageDays >= step.after_days) keepPercent = step.keep_percent;
  return keepPercent / 100;
}

/**
 * Decayed points are whole numbers, rounded half away from zero, so that scores stay integers, each
 * category of the breakdown is the plain sum of the points its rules show, and a penalty (negative points)
 * fades exactly as a reward of the same size does.
 */
export function decayPoints(points: number, factor: number): number {
  const rounded = Math.round(Math.abs(points) * factor);
  // `|| 0` turns -0 into 0, so a fully decayed penalty reads 0 in JSON and compares equal.
  return Math.sign(points) * rounded || 0;
}

/**
 * The activity types a fact reads: 'any' for facts over every activity, else a list (empty for facts that are
 * not about activities). A custom field that happens to end in `_count` names a type no activity has, which
 * ends up where a non-activity fact does (see ageOf).
 */
export function activityTypesReadBy(fact: string): readonly string[] | 'any' {
  if (Object.prototype.hasOwnProperty.call(GUIDE_COUNT_FACTS, fact)) return [GUIDE_COUNT_FACTS[fact] ?? fact];
  if (ANY_ACTIVITY_FACTS.includes(fact)) return 'any';
  if (ACTIVITY_COUNT_FACT.test(fact)) return [fact.slice(0, -'_count'.length)];
  return [];
}

/**
 * Where a rule's age comes from, decided once per rule from the facts its conditions read:
 * - the activity types of its `<type>_count` facts (`email_opens_count` counts `email_opened`), when it reads
 *   only such typed facts: the age is that of the most recent activity of those types;
 * - otherwise (it reads `activities_count` or `last_activity_days_ago`, or no activity fact at all), `null`:
 *   the age is that of the lead's most recent activity of any type.
 */
export function ageSourceOf(facts: Iterable<string>): readonly string[] | null {
  const types = new Set<string>();
  for (const fact of facts) {
    const read = activityTypesReadBy(fact);
    if (read === 'any') return null;
    for (const type of read) types.add(type);
  }
  return types.size === 0 ? null : [...types].sort();
}

/** The latest instant per activity type and over all types, read once per lead. */
export interface ActivityRecency {
  latestByType: ReadonlyMap<string, number>;
  latest: number | undefined;
}

export function activityRecency(activities: FactContext['activities']): ActivityRecency {
  const latestByType = new Map<string, number>();
  let latest: number | undefined;
  for (const activity of activities) {
    const instant = toInstant(activity.occurred_at);
    if (instant === undefined) continue;
    const known = latestByType.get(activity.type);
    if (known === undefined || instant > known) latestByType.set(activity.type, instant);
    if (latest === undefined || instant > latest) latest = instant;
  }
  return { latestByType, latest };
}

/** The activity a rule's age was measured from. */
export interface AgeReference {
  age_days: number;
  /** when that activity happened (ISO-8601) */
  occurred_at: string;
  /** the types the rule reads, or null when the lead's most recent activity of any type was used */
  activity_types: readonly string[] | null;
}

/**
 * A rule's age: whole days (floored, like every day-based fact) from the activity its source names to `now`,
 * never below 0 (an activity dated after `now` is age 0). A rule reading only types the lead never did falls
 * back to the lead's latest activity; a lead with no dated activity has no age, and its points do not decay.
 */
export function ageOf(
  source: readonly string[] | null,
  recency: ActivityRecency,
  now: Date,
): AgeReference | null {
  let instant: number | undefined;
  let types: readonly string[] | null = null;
  if (source !== null) {
    for (const type of source) {
      const latest = recency.latestByType.get(type);
      if (latest !== undefined && (instant === undefined || latest > instant)) instant = latest;
    }
    if (instant !== undefined) types = source;
  }
  instant ??= recency.latest;
  if (instant === undefined) return null;
  return {
    age_days: Math.max(0, Math.floor((now.getTime() - instant) / DAY_MS)),
    occurred_at: new Date(instant).toISOString(),
    activity_types: types,
  };
}

/** What the explanation shows for a decayed rule. */
export interface PointsDecay {
  original_points: number;
  decay_factor: number;
  decayed_points: number;
  /** null when the lead has no dated activity to age from (the points are then kept whole) */
  age_days: number | null;
  aged_from: Omit<AgeReference, 'age_days'> | null;
}

export function decayOf(points: number, policy: DecayPolicy, age: AgeReference | null): PointsDecay {
  const factor = age === null ? 1 : decayFactor(policy, age.age_days);
  return {
    original_points: points,
    decay_factor: factor,
    decayed_points: decayPoints(points, factor),
    age_days: age?.age_days ?? null,
    aged_from: age === null ? null : { occurred_at: age.occurred_at, activity_types: age.activity_types },
  };
}
