import {
  buildFacts,
  CATEGORIES,
  type ActivityRecord,
  type ConditionNode,
  type FactRegistry,
  type Facts,
  type LeadRecord,
  type ScoringRuleForEngine,
} from '../../libs/domain/src';

/** Deterministic data so that every run (and every mode within a run) scores the same leads and rules. */
export type Random = () => number;

/** mulberry32: tiny, fast, good enough to spread benchmark data; seeded so runs are comparable. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

const INDUSTRIES = [
  'SaaS',
  'Enterprise Software',
  'Finance',
  'Healthcare',
  'Retail',
  'Technology',
  'Education',
];
const SIZES = ['1-10', '11-50', '51-200', '201-500', '500+', 'Enterprise'];
const TITLES = [
  'Director of Engineering',
  'VP Sales',
  'CTO',
  'Marketing Manager',
  'Intern',
  'Head of Growth',
  'Founder',
];
const DOMAINS = ['acme.io', 'gmail.com', 'corp.example', 'startup.dev'];
const TECHNOLOGIES = ['React', 'Go', 'Salesforce', 'HubSpot', 'Kubernetes', 'Snowflake'];
const ACTIVITY_TYPES = ['email_opened', 'email_clicked', 'form_submitted', 'website_visit', 'demo_requested'];
const LEVELS = ['entry', 'mid', 'senior', 'executive'];

/** Users write values in any case and with stray spaces; the fast path must pay for folding them. */
function asTyped(random: Random, word: string): string {
  const cased = random() < 0.5 ? word.toLowerCase() : word;
  return random() < 0.2 ? ` ${cased} ` : cased;
}

function leafCondition(random: Random): ConditionNode {
  switch (Math.floor(random() * 12)) {
    case 0:
      return {
        fact: 'industry',
        operator: 'in_list',
        value: [pick(random, INDUSTRIES), pick(random, INDUSTRIES)].map((w) => asTyped(random, w)),
      };
    case 1:
      return { fact: 'company_size', operator: 'in_list', value: [pick(random, SIZES), pick(random, SIZES)] };
    case 2:
      return {
        fact: 'title',
        operator: 'contains',
        value: asTyped(random, pick(random, ['director', 'VP', 'head', 'chief', 'CTO'])),
      };
    case 3:
      return { fact: 'email_opens_count', operator: 'greater_than', value: Math.floor(random() * 6) };
    case 4:
      return {
        fact: 'days_since_creation',
        operator: 'less_than',
        value: String(7 + Math.floor(random() * 60)),
      };
    case 5:
      return {
        fact: 'last_activity_days_ago',
        operator: 'between',
        value: [0, 1 + Math.floor(random() * 30)],
      };
    case 6:
      return { fact: 'email', operator: 'ends_with', value: `@${pick(random, DOMAINS)}` };
    case 7:
      return {
        fact: 'technologies',
        operator: 'contains',
        value: asTyped(random, pick(random, TECHNOLOGIES)),
      };
    case 8:
      return {
        fact: 'title',
        operator: 'matches_regex',
        value: pick(random, ['^(vp|head)\\b', 'director|chief', 'engineer']),
      };
    case 9:
      return { fact: 'phone', operator: 'is_not_empty', value: null };
    case 10:
      return { fact: 'form_submitted_count', operator: 'greater_than_or_equal', value: 1 };
    default:
      return { fact: 'job_level', operator: 'equals', value: asTyped(random, pick(random, LEVELS)) };
  }
}

/**
 * Points shrink as rule sets grow so that scores spread over 0..100 instead of clamping: about 40% of the
 * rules match a generated lead, so a mean of 125/ruleCount points per rule centres scores near 50. Every
 * rule set has some negative rules, as the guide recommends.
 */
function pointsFor(random: Random, ruleCount: number): number {
  const mean = 125 / ruleCount;
  const lowest = -Math.max(2, Math.round(mean / 2) + 1);
  const highest = Math.round(2 * mean - lowest);
  const points = lowest + Math.floor(random() * (highest - lowest + 1));
  return points === 0 ? 1 : points;
}

/** Mostly the guide's flat rules (one leaf), a quarter composite: all/any of 2-3 leaves, sometimes a not. */
export function generateRules(random: Random, count: number): ScoringRuleForEngine[] {
  return Array.from({ length: count }, (_, i) => {
    const composite = random() < 0.25;
    const leaves = Array.from({ length: composite ? 2 + Math.floor(random() * 2) : 1 }, () =>
      leafCondition(random),
    );
    const maybeNegated = leaves.map((leaf) => (composite && random() < 0.2 ? { not: leaf } : leaf));
    return {
      rule_id: `bench-${i}`,
      name: `bench rule ${i}`,
      category: pick(random, CATEGORIES),
      points: pointsFor(random, count),
      priority: 1 + Math.floor(random() * 5),
      is_active: random() < 0.95,
      conditions: composite && random() < 0.5 ? { any: maybeNegated } : { all: maybeNegated },
    };
  });
}

const DAY_MS = 86_400_000;

export function generateLead(
  random: Random,
  index: number,
  now: Date,
): { lead: LeadRecord; activities: ActivityRecord[] } {
  const lead: LeadRecord = {
    id: index,
    email: `lead${index}@${pick(random, DOMAINS)}`,
    phone: random() < 0.6 ? `+1 555 ${String(index).padStart(4, '0')}` : null,
    company: `Company ${index % 997}`,
    title: pick(random, TITLES),
    industry: asTyped(random, pick(random, INDUSTRIES)),
    company_size: pick(random, SIZES),
    status: 'new',
    source: pick(random, ['web', 'referral', 'event']),
    created_at: new Date(now.getTime() - Math.floor(random() * 120) * DAY_MS).toISOString(),
    job_level: pick(random, LEVELS),
    technologies: TECHNOLOGIES.filter(() => random() < 0.3),
  };
  const activities = Array.from({ length: Math.floor(random() * 8) }, () => ({
    type: pick(random, ACTIVITY_TYPES),
    occurred_at: new Date(now.getTime() - Math.floor(random() * 45 * DAY_MS)).toISOString(),
  }));
  return { lead, activities };
}

export function generateFacts(random: Random, count: number, registry: FactRegistry, now: Date): Facts[] {
  return Array.from({ length: count }, (_, index) =>
    buildFacts(registry, { ...generateLead(random, index, now), now }),
  );
}
