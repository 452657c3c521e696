import {
  CATEGORIES,
  DEFAULT_SCORING_SETTINGS,
  defaultFactRegistry,
  OPERATOR_NAMES,
  type ActivityRecord,
  type ConditionNode,
  type DecayPolicy,
  type GradingPolicy,
  type ScoreCaps,
  type ScoringRuleForEngine,
  type TopLevelCondition,
} from '@leadflow/domain';
import fc from 'fast-check';
import type { ConditionTrace } from './condition-closures';
import { scoreLeadWithEngine } from './json-rules-engine-evaluator';
import { compileRuleSet } from './rule-set';
import { scoreLead } from './score-lead';

/**
 * The fast path must score exactly as json-rules-engine does: same score, breakdown and matched rules, and,
 * for every leaf json-rules-engine evaluated, the same fact value and result in the explanation.
 */

const registry = defaultFactRegistry()
  .register({ name: 'custom_metric', type: 'number', source: 'custom', description: 'test metric' })
  // a name Object.prototype also has: must read as missing unless the lead really has it
  .register({ name: 'valueOf', type: 'string', source: 'custom', description: 'prototype-shadowing name' });

const FACT_NAMES = [
  'title',
  'industry',
  'company_size',
  'email_opens_count',
  'created_at',
  'technologies',
  'social_profiles',
  'days_since_creation',
  'form_submitted_count', // implied activity count: absent means 0
  'last_activity_days_ago', // reads every activity: decay ages such rules by the lead's latest activity
  'custom_metric',
  'valueOf',
] as const;

const padded = (word: string) =>
  fc
    .tuple(fc.constantFrom('', ' ', '  '), fc.constantFrom('', ' '), fc.boolean())
    .map(([before, after, upper]) => `${before}${upper ? word.toUpperCase() : word}${after}`);

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .constantFrom(
      'saas',
      'SaaS',
      'Enterprise Software',
      'director',
      'Director of Engineering',
      '201-500',
      'react',
      'linkedin',
    )
    .chain(padded),
  fc.constantFrom(
    '5',
    ' 05 ',
    '3.0',
    '-1',
    '1e1',
    '30',
    '2025-01-01',
    '2025-06-01T00:00:00Z',
    '2024-12-31T23:59:59.999Z',
    '',
    '  ',
    'lots',
  ),
  fc.constantFrom(-1, 0, 3, 5, 10, 30, 2.5),
  fc.boolean(),
  fc.constant(null),
);

const factValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom({ linkedin: 'https://l.in/x' }, { LinkedIn: '' }, {}) },
  { weight: 1, arbitrary: fc.constantFrom(new Date('2025-03-01T00:00:00Z'), new Date('invalid')) },
);

const expectedValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 3, arbitrary: fc.array(scalar, { minLength: 1, maxLength: 4 }) },
  { weight: 2, arbitrary: fc.tuple(scalar, scalar) },
  {
    weight: 1,
    // regexes run on the linear-time engine on both paths, refused ones (backreference, lookahead) included
    arbitrary: fc.constantFrom(
      '^dir',
      'saas\\s*$',
      '(a+)+$',
      '[',
      '\\d+',
      'e.g',
      '(a+)(a+)(a+)b',
      '(?<t>dir)',
      '(s)\\1',
      '^(?=dir)',
    ),
  },
);

const freshLeaf: fc.Arbitrary<ConditionNode> = fc.record({
  fact: fc.constantFrom(...FACT_NAMES),
  operator: fc.constantFrom(...OPERATOR_NAMES),
  value: expectedValue,
});

// Leaves that recur across rules, so that the fast path's per-lead memo of leaf results is exercised.
const recurringLeaf: fc.Arbitrary<ConditionNode> = fc.constantFrom(
  { fact: 'industry', operator: 'in_list', value: ['SaaS', ' enterprise software'] },
  { fact: 'industry', operator: 'not_in_list', value: ['SaaS', ' enterprise software'] },
  { fact: 'title', operator: 'contains', value: 'director' },
  { fact: 'email_opens_count', operator: 'greater_than', value: '3' },
  { fact: 'form_submitted_count', operator: 'less_than', value: 1 },
);

const leaf = fc.oneof({ weight: 3, arbitrary: freshLeaf }, { weight: 1, arbitrary: recurringLeaf });

const { group } = fc.letrec<{ node: ConditionNode; group: TopLevelCondition }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('group')),
  group: fc.oneof(
    fc.record({ all: fc.array(tie('node'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('node'), { maxLength: 3 }) }),
    fc.record({ not: tie('node') }),
  ),
}));

const rule = (index: number): fc.Arbitrary<ScoringRuleForEngine> =>
  fc.record({
    rule_id: fc.constant(`r${index}`),
    name: fc.constant(`rule ${index}`),
    category: fc.constantFrom(...CATEGORIES),
    points: fc.integer({ min: -30, max: 40 }),
    priority: fc.integer({ min: 0, max: 4 }),
    is_active: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
    conditions: group,
    // absent: the category's default
    counts_toward_grade: fc.option(fc.boolean(), { nil: undefined }),
  });

const rules = fc
  .integer({ min: 1, max: 6 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => rule(i))));

const facts = fc.dictionary(fc.constantFrom(...FACT_NAMES), factValue, { maxKeys: FACT_NAMES.length });

/** Fast-path leaves that json-rules-engine also evaluated, compared pairwise. */
function compareTraces(
  fast: ConditionTrace,
  reference: ConditionTrace,
  mismatches: string[],
  at: string,
): void {
  if ('group' in fast && 'group' in reference) {
    const fastChildren = 'conditions' in fast ? fast.conditions : [fast.condition];
    const referenceChildren = 'conditions' in reference ? reference.conditions : [reference.condition];
    fastChildren.forEach((child, i) => {
      const other = referenceChildren[i];
      if (other) compareTraces(child, other, mismatches, `${at}/${i}`);
    });
    if (reference.result !== null && reference.result !== fast.result) mismatches.push(`${at}: group result`);
    return;
  }
  if ('group' in fast || 'group' in reference) {
    mismatches.push(`${at}: shape`);
    return;
  }
  if (reference.result === null) return;
  if (reference.result !== fast.result) mismatches.push(`${at}: leaf result`);
  if (
    !Object.is(reference.fact_value, fast.fact_value) &&
    JSON.stringify(reference.fact_value) !== JSON.stringify(fast.fact_value)
  ) {
    mismatches.push(`${at}: fact value`);
  }
}

describe('fast path vs json-rules-engine (differential)', () => {
  it('agree on score, breakdown, matched rules and evaluated leaves for 10,000 random rule sets and leads', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(rules, facts, async (ruleDocs, leadFacts) => {
        const ruleSet = compileRuleSet('diff', ruleDocs, registry);
        const fast = scoreLead(ruleSet, leadFacts);
        const reference = await scoreLeadWithEngine(ruleSet, leadFacts, { explain: true });
        const explained = scoreLead(ruleSet, leadFacts, { explain: true });

        expect(fast.score).toBe(reference.score);
        expect(fast.breakdown).toEqual(reference.breakdown);
        expect(fast.grade).toBe(reference.grade);
        expect(fast.matched).toEqual(reference.matched);
        expect(explained.matched).toEqual(fast.matched);

        const mismatches: string[] = [];
        (explained.explanation ?? []).forEach((ruleTrace, i) => {
          const other = reference.explanation?.[i];
          if (other?.matched !== ruleTrace.matched) mismatches.push(`${ruleTrace.rule_id}: matched`);
          if (other) compareTraces(ruleTrace.condition, other.condition, mismatches, ruleTrace.rule_id);
        });
        expect(mismatches).toEqual([]);
        compared += 1;
      }),
      { numRuns: 10_000 },
    );
    expect(compared).toBeGreaterThanOrEqual(10_000);
  }, 120_000);
});

const NOW = new Date('2026-03-01T00:00:00Z');

const decayPolicy: fc.Arbitrary<DecayPolicy> = fc.oneof(
  fc.record({
    mode: fc.constant('half_life' as const),
    half_life_days: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.double({ min: 0.5, max: 90, noNaN: true })),
    categories: fc.subarray([...CATEGORIES], { minLength: 1 }),
  }),
  fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 5 }).chain((days) =>
    fc.record({
      mode: fc.constant('step' as const),
      steps: fc
        .array(fc.integer({ min: 0, max: 100 }), { minLength: days.length, maxLength: days.length })
        .map((percents) => {
          const ascending = [...days].sort((a, b) => a - b);
          const descending = [...percents].sort((a, b) => b - a);
          return ascending.map((after_days, i) => ({ after_days, keep_percent: descending[i] ?? 0 }));
        }),
      categories: fc.subarray([...CATEGORIES], { minLength: 1 }),
    }),
  ),
);

const activities: fc.Arbitrary<ActivityRecord[]> = fc.array(
  fc.record({
    type: fc.constantFrom('email_opened', 'form_submitted', 'website_visit', 'demo_requested'),
    occurred_at: fc
      .integer({ min: -3 * 86_400_000, max: 500 * 86_400_000 })
      .map((before) => new Date(NOW.getTime() - before).toISOString()),
  }),
  { maxLength: 6 },
);

describe('fast path vs json-rules-engine with score decay on (differential)', () => {
  it('agree on score, breakdown and decayed matched rules for 3,000 random rule sets, policies and timelines', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        rules,
        facts,
        decayPolicy,
        activities,
        async (ruleDocs, leadFacts, decay, timeline) => {
          const ruleSet = compileRuleSet('diff-decay', ruleDocs, registry, {
            ...DEFAULT_SCORING_SETTINGS,
            decay,
          });
          const options = { timeline: { activities: timeline, now: NOW } };
          const fast = scoreLead(ruleSet, leadFacts, options);
          const reference = await scoreLeadWithEngine(ruleSet, leadFacts, { ...options, explain: true });
          const explained = scoreLead(ruleSet, leadFacts, { ...options, explain: true });

          expect(fast.score).toBe(reference.score);
          expect(fast.breakdown).toEqual(reference.breakdown);
          expect(fast.matched).toEqual(reference.matched);
          expect(explained.matched).toEqual(fast.matched);
          expect(explained.explanation?.map(({ condition: _, ...rest }) => rest)).toEqual(
            reference.explanation?.map(({ condition: _, ...rest }) => rest),
          );
          // decayed points are integers and never larger in size than the rule's own
          for (const rule of fast.matched) {
            expect(Number.isInteger(rule.points)).toBe(true);
            if (rule.decay)
              expect(Math.abs(rule.points)).toBeLessThanOrEqual(Math.abs(rule.decay.original_points));
          }
          compared += 1;
        },
      ),
      { numRuns: 3_000 },
    );
    expect(compared).toBeGreaterThanOrEqual(3_000);
  }, 120_000);
});

const cap = fc.integer({ min: 0, max: 100 });
const caps: fc.Arbitrary<ScoreCaps> = fc.record({
  categories: fc.record(
    { demographic: cap, behavioral: cap, firmographic: cap, engagement: cap },
    { requiredKeys: [] },
  ),
  total: fc.option(cap, { nil: null }),
});
const grading: fc.Arbitrary<GradingPolicy> = fc.record({
  // four distinct percentages, falling from A to D
  bands: fc.uniqueArray(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 }).map((values) => {
    const [A = 80, B = 60, C = 40, D = 20] = [...values].sort((a, b) => b - a);
    return { A, B, C, D };
  }),
});

describe('fast path vs json-rules-engine with caps and grades on (differential)', () => {
  it('agree on score, capped breakdown, cuts and grade for 3,000 random rule sets, caps, gradings and decays', async () => {
    let differences = 0;
    let compared = 0;
    let cut = 0;
    await fc.assert(
      fc.asyncProperty(
        rules,
        facts,
        caps,
        fc.option(grading, { nil: null }),
        fc.option(decayPolicy, { nil: null }),
        activities,
        async (ruleDocs, leadFacts, scoreCaps, gradingPolicy, decay, timeline) => {
          const settings = { decay, caps: scoreCaps, grading: gradingPolicy };
          const ruleSet = compileRuleSet('diff-caps', ruleDocs, registry, settings);
          const options = { timeline: { activities: timeline, now: NOW } };
          const fast = scoreLead(ruleSet, leadFacts, options);
          const explained = scoreLead(ruleSet, leadFacts, { ...options, explain: true });
          const reference = await scoreLeadWithEngine(ruleSet, leadFacts, { ...options, explain: true });
          const { explanation: _fast, ...explainedRest } = explained;
          const { explanation: _reference, ...referenceRest } = reference;
          if (JSON.stringify(explainedRest) !== JSON.stringify(referenceRest)) differences += 1;
          expect(fast.score).toBe(reference.score);
          expect(fast.breakdown).toEqual(reference.breakdown);
          expect(fast.capped).toEqual(reference.capped);
          expect(fast.grade).toBe(reference.grade);
          // a capped category never adds more than its cap, the capped sum never more than the total cap
          for (const category of CATEGORIES) {
            const limit = scoreCaps.categories[category];
            if (limit !== undefined) expect(fast.breakdown[category]).toBeLessThanOrEqual(Math.max(limit, 0));
          }
          if (scoreCaps.total !== null) expect(fast.score).toBeLessThanOrEqual(scoreCaps.total);
          if (fast.capped.length > 0) cut += 1;
          compared += 1;
        },
      ),
      { numRuns: 3_000 },
    );
    expect(differences).toBe(0);
    expect(compared).toBeGreaterThanOrEqual(3_000);
    // the generated caps are tight enough that they really cut in a good share of the runs
    expect(cut).toBeGreaterThan(300);
  }, 120_000);
});
