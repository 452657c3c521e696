import {
  DEFAULT_SCORING_SETTINGS,
  defaultFactRegistry,
  DomainError,
  type ScoringRuleForEngine,
  type ScoringSettings,
} from '@leadflow/domain';
import { scoreLeadWithEngine } from './json-rules-engine-evaluator';
import { compileRuleSet } from './rule-set';
import { scoreLead } from './score-lead';

const registry = defaultFactRegistry();
const rule = (
  rule_id: string,
  category: ScoringRuleForEngine['category'],
  fact: string,
  value: unknown,
  points: number,
): ScoringRuleForEngine => ({
  rule_id,
  name: rule_id,
  category,
  points,
  priority: 1,
  is_active: true,
  conditions: { all: [{ fact, operator: 'equals', value }] },
});

/** 30 fit points at most (20 firmographic + 10 demographic), 45 behavioral and 10 engagement. */
const rules = [
  rule('saas', 'firmographic', 'industry', 'SaaS', 20),
  rule('director', 'demographic', 'title', 'Director', 10),
  rule('opens', 'behavioral', 'email_opens_count', 5, 25),
  rule('clicks', 'behavioral', 'email_clicks_count', 2, 20),
  rule('recent', 'engagement', 'activities_count', 3, 10),
  rule('student', 'demographic', 'job_level', 'student', -15),
];
const hot = {
  industry: 'SaaS',
  title: 'Director',
  email_opens_count: 5,
  email_clicks_count: 2,
  activities_count: 3,
};

function compiled(settings: Partial<ScoringSettings>) {
  return compileRuleSet('caps', rules, registry, { ...DEFAULT_SCORING_SETTINGS, ...settings });
}

async function bothEvaluators(settings: Partial<ScoringSettings>, facts: Record<string, unknown>) {
  const ruleSet = compiled(settings);
  const fast = scoreLead(ruleSet, facts, { explain: true });
  const reference = await scoreLeadWithEngine(ruleSet, facts, { explain: true });
  const { explanation: _a, ...fastRest } = fast;
  const { explanation: _b, ...referenceRest } = reference;
  expect(referenceRest).toEqual(fastRest);
  return fast;
}

describe('caps', () => {
  it('change nothing when there are none: 85 points, nothing cut', async () => {
    const result = await bothEvaluators({}, hot);
    expect(result.score).toBe(85);
    expect(result.capped).toEqual([]);
  });

  it('cut a category to its cap and say what it earned; the breakdown holds what counts', async () => {
    const result = await bothEvaluators({ caps: { categories: { behavioral: 30 }, total: null } }, hot);
    expect(result.breakdown).toEqual({ demographic: 10, behavioral: 30, firmographic: 20, engagement: 10 });
    expect(result.score).toBe(70);
    expect(result.capped).toEqual([{ scope: 'behavioral', cap: 30, earned: 45 }]);
  });

  it('cut the sum of categories to the total cap before the 0..100 clamp', async () => {
    const result = await bothEvaluators({ caps: { categories: { behavioral: 30 }, total: 60 } }, hot);
    expect(result.score).toBe(60);
    expect(result.capped).toEqual([
      { scope: 'behavioral', cap: 30, earned: 45 },
      { scope: 'total', cap: 60, earned: 70 },
    ]);
  });

  it('never cut a negative sum', async () => {
    const result = await bothEvaluators(
      { caps: { categories: { demographic: 0 }, total: 0 } },
      { job_level: 'student' },
    );
    expect(result.breakdown.demographic).toBe(-15);
    expect(result.score).toBe(0);
    expect(result.capped).toEqual([]);
  });

  it('are refused when out of range, with every problem listed', () => {
    expect(() => compiled({ caps: { categories: { behavioral: 101, engagement: 2.5 }, total: -1 } })).toThrow(
      expect.objectContaining({
        problems: [
          expect.objectContaining({ pointer: '/settings/caps/categories/behavioral' }),
          expect.objectContaining({ pointer: '/settings/caps/categories/engagement' }),
          expect.objectContaining({ pointer: '/settings/caps/total' }),
        ],
      }) as DomainError,
    );
  });
});

describe('grades', () => {
  it('grade by the share of the reachable fit points: 30 of 30 is A, 20 of 30 is B, 10 of 30 is D', async () => {
    expect((await bothEvaluators({}, hot)).grade).toBe('A');
    expect((await bothEvaluators({}, { industry: 'SaaS' })).grade).toBe('B');
    expect((await bothEvaluators({}, { title: 'Director' })).grade).toBe('D');
    expect((await bothEvaluators({}, { email_opens_count: 5 })).grade).toBe('F');
  });

  it('explain the grade: fit points, the most there are, the percentage', () => {
    const result = scoreLead(compiled({}), { industry: 'SaaS' }, { explain: true });
    expect(result.grade_fit).toEqual({ fit_points: 20, max_fit_points: 30, percent: 66.67 });
  });

  it('leave caps out of the fit: a cap limits the score, not how much of the profile a lead matches', async () => {
    const ruleSet = compiled({ caps: { categories: { firmographic: 10 }, total: null } });
    expect(ruleSet.maxFitPoints).toBe(30);
    const saas = await bothEvaluators({ caps: ruleSet.caps }, { industry: 'SaaS' });
    expect(saas.breakdown.firmographic).toBe(10);
    expect(saas.grade).toBe('B');
  });

  it('follow the rules marked counts_toward_grade, whatever their category', async () => {
    const flagged = rules.map((entry) => ({
      ...entry,
      counts_toward_grade: entry.rule_id === 'opens' || entry.rule_id === 'saas',
    }));
    const ruleSet = compileRuleSet('flags', flagged, registry);
    expect(ruleSet.maxFitPoints).toBe(45);
    expect([...ruleSet.fitRuleIds].sort()).toEqual(['opens', 'saas']);
    const fast = scoreLead(ruleSet, { email_opens_count: 5, title: 'Director' }, { explain: true });
    const reference = await scoreLeadWithEngine(ruleSet, { email_opens_count: 5, title: 'Director' });
    expect(fast.grade_fit).toEqual({ fit_points: 25, max_fit_points: 45, percent: 55.56 });
    expect(fast.grade).toBe('C');
    expect(reference.grade).toBe('C');
  });

  it('follow the settings: other bands, or none at all', async () => {
    const strict = { bands: { A: 90, B: 50, C: 30, D: 10 } };
    expect((await bothEvaluators({ grading: strict }, { industry: 'SaaS' })).grade).toBe('B');
    expect((await bothEvaluators({ grading: strict }, hot)).grade).toBe('A');
    const ungraded = await bothEvaluators({ grading: null }, hot);
    expect(ungraded.grade).toBeNull();
    expect(scoreLead(compiled({ grading: null }), hot, { explain: true })).not.toHaveProperty('grade_fit');
  });

  it('are null when the rule set can award no fit points', () => {
    const ruleSet = compileRuleSet('no-fit', [rules[2] as ScoringRuleForEngine], registry);
    expect(scoreLead(ruleSet, hot).grade).toBeNull();
  });

  it('refuse bands that do not fall from A to D', () => {
    expect(() => compiled({ grading: { bands: { A: 50, B: 50, C: 40, D: 20 } } })).toThrow(/problem/);
  });
});
