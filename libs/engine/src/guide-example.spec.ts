import {
  buildFacts,
  defaultFactRegistry,
  type ActivityRecord,
  type Category,
  type LeadRecord,
  type ScoringRuleForEngine,
} from '@leadflow/domain';
import { scoreLeadWithEngine } from './json-rules-engine-evaluator';
import { compileRuleSet } from './rule-set';
import { scoreLead } from './score-lead';

/** The guide's flat form compiled by hand: one leaf under `all`, the JSON-string value already parsed. */
function flatRule(
  rule_id: string,
  name: string,
  category: Category,
  fact: string,
  operator: string,
  value: unknown,
  points: number,
): ScoringRuleForEngine {
  return {
    rule_id,
    name,
    category,
    points,
    priority: 10,
    is_active: true,
    conditions: { all: [{ fact, operator, value }] },
  };
}

// "Common Scoring Rules Examples" 1-5 of the guide.
const guideRules = [
  flatRule(
    '1',
    'Target Industry',
    'firmographic',
    'industry',
    'in_list',
    ['SaaS', 'Enterprise Software'],
    20,
  ),
  flatRule(
    '2',
    'Mid to Large Company',
    'firmographic',
    'company_size',
    'in_list',
    ['51-200', '201-500', '500+'],
    15,
  ),
  flatRule('3', 'Email Engaged', 'behavioral', 'email_opens_count', 'greater_than', 3, 10),
  flatRule('4', 'Recent Activity', 'engagement', 'days_since_creation', 'less_than', 30, 10),
  flatRule('5', 'Decision Maker', 'demographic', 'title', 'contains', 'director', 15),
];

const now = new Date('2025-11-12T10:30:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const lead: LeadRecord = {
  id: 123,
  first_name: 'John',
  last_name: 'Doe',
  email: 'john@acme.io',
  company: 'Acme',
  title: 'Director of Engineering',
  industry: 'SaaS',
  company_size: '201-500',
  created_at: daysAgo(3),
};
const activities: ActivityRecord[] = Array.from({ length: 5 }, (_, i) => ({
  type: 'email_opened',
  occurred_at: daysAgo(i % 3),
}));

describe("the guide's example rules", () => {
  const registry = defaultFactRegistry();
  const ruleSet = compileRuleSet('guide-1', guideRules, registry);
  const facts = buildFacts(registry, { lead, activities, now });

  it('score a SaaS director at a 201-500 company with 5 opens, created 3 days ago, 70 (20+15+10+10+15)', () => {
    const result = scoreLead(ruleSet, facts);
    expect(result.score).toBe(70);
    expect(result.breakdown).toEqual({ demographic: 15, behavioral: 10, firmographic: 35, engagement: 10 });
    expect(result.matched.map((rule) => [rule.rule_id, rule.points])).toEqual([
      ['1', 20],
      ['2', 15],
      ['3', 10],
      ['4', 10],
      ['5', 15],
    ]);
    expect(result.explanation).toBeUndefined();
  });

  it('score the same with json-rules-engine', async () => {
    const result = await scoreLeadWithEngine(ruleSet, facts);
    expect(result).toEqual(scoreLead(ruleSet, facts));
  });

  it('explain every leaf: fact, fact value, operator, expected value and result', () => {
    const { explanation } = scoreLead(ruleSet, { ...facts, title: 'VP Sales' }, { explain: true });
    expect(explanation).toHaveLength(5);
    expect(explanation?.[4]).toEqual({
      rule_id: '5',
      name: 'Decision Maker',
      category: 'demographic',
      points: 15,
      priority: 10,
      matched: false,
      condition: {
        group: 'all',
        result: false,
        conditions: [
          {
            fact: 'title',
            fact_value: 'VP Sales',
            operator: 'contains',
            expected: 'director',
            result: false,
          },
        ],
      },
    });
    expect(explanation?.slice(0, 4).every((rule) => rule.matched)).toBe(true);
  });

  it('explain identically with json-rules-engine when every leaf is evaluated', async () => {
    const lesser = { ...facts, industry: 'Retail', email_opens_count: 1 };
    const fast = scoreLead(ruleSet, lesser, { explain: true });
    const reference = await scoreLeadWithEngine(ruleSet, lesser, { explain: true });
    expect(reference).toEqual(fast);
    expect(fast.score).toBe(40);
  });

  it('leave inactive rules out of the score and the explanation', () => {
    const withInactive = compileRuleSet(
      'guide-2',
      guideRules.map((rule) => ({ ...rule, is_active: rule.rule_id !== '1' })),
      registry,
    );
    const result = scoreLead(withInactive, facts, { explain: true });
    expect(result.score).toBe(50);
    expect(result.explanation?.map((rule) => rule.rule_id)).toEqual(['2', '3', '4', '5']);
    expect(withInactive.inactiveRuleIds).toEqual(['1']);
  });
});
