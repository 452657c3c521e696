import {
  buildFacts,
  DEFAULT_GRADING,
  DEFAULT_SCORING_SETTINGS,
  defaultFactRegistry,
  type QualificationCriterion,
  type ScoringRuleForEngine,
} from '@leadflow/domain';
import { compileRuleSet } from './rule-set';
import { scoreLead } from './score-lead';
import { qualifyInputs, scoreInputs } from './score-inputs';

const registry = defaultFactRegistry();
const now = new Date('2026-03-01T00:00:00Z');
const rules: ScoringRuleForEngine[] = [
  {
    rule_id: 'saas',
    name: 'SaaS',
    category: 'firmographic',
    points: 30,
    priority: 1,
    is_active: true,
    conditions: { all: [{ fact: 'industry', operator: 'equals', value: 'SaaS' }] },
  },
  {
    rule_id: 'opened',
    name: 'Opened twice',
    category: 'behavioral',
    points: 40,
    priority: 1,
    is_active: true,
    conditions: { all: [{ fact: 'email_opens_count', operator: 'greater_than_or_equal', value: 2 }] },
  },
];
const ruleSet = compileRuleSet('inputs', rules, registry, {
  ...DEFAULT_SCORING_SETTINGS,
  grading: DEFAULT_GRADING,
});
const opened = { type: 'email_opened', occurred_at: '2026-02-27T10:00:00Z' };
const input = { lead: { id: 1, industry: 'SaaS', status: 'new' }, activities: [opened, opened], now };

/** A stage any score of 50 reaches, but only with a grade of at least A. */
const criteria: QualificationCriterion[] = [
  {
    name: 'Graded SQL',
    stage: 'sql',
    minimum_score: 50,
    required_fields: [],
    required_actions: [],
    time_constraint_days: null,
    is_active: true,
    minimum_grade: 'A',
  },
];

describe('scoreInputs', () => {
  it('scores the facts built from the lead, its activities and the instant', () => {
    const { facts, result } = scoreInputs(ruleSet, registry, input, { explain: true });
    expect(facts).toEqual(buildFacts(registry, input));
    expect(facts.email_opens_count).toBe(2);
    expect(result).toEqual(scoreLead(ruleSet, facts, { explain: true, timeline: input }));
    expect(result.score).toBe(70);
    expect(result.explanation).toHaveLength(2);
  });

  it('explains only when asked', () => {
    expect(scoreInputs(ruleSet, registry, input).result.explanation).toBeUndefined();
  });
});

describe('qualifyInputs', () => {
  it('resolves the stage with the grade the score reached', () => {
    const { result, stage } = qualifyInputs(ruleSet, registry, criteria, input);
    expect(result.grade).toBe('A');
    expect(stage.stage).toBe('sql');
  });

  it('leaves a lead whose score is enough but whose grade is not unqualified', () => {
    const retail = { ...input, lead: { id: 2, industry: 'Retail', status: 'new' } };
    const lowBar = [{ ...criteria[0]!, minimum_score: 40 }];
    const { result, stage } = qualifyInputs(ruleSet, registry, lowBar, retail);
    expect(result.score).toBe(40);
    expect(result.grade).toBe('F');
    expect(stage.stage).toBe('unqualified');
    expect(
      qualifyInputs(ruleSet, registry, [{ ...lowBar[0]!, minimum_grade: null }], retail).stage.stage,
    ).toBe('sql');
  });
});
