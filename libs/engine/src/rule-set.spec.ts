import {
  buildFacts,
  defaultFactRegistry,
  DomainError,
  ErrorCode,
  type ScoringRuleForEngine,
} from '@leadflow/domain';
import { scoreLeadWithEngine } from './json-rules-engine-evaluator';
import type { CompiledRuleSet } from './compiled-rule-set';
import { compileRuleSet } from './rule-set';
import { RuleSetCache } from './rule-set-cache';
import { scoreLead } from './score-lead';

const registry = defaultFactRegistry();
const base: ScoringRuleForEngine = {
  rule_id: 'r1',
  name: 'Target industry',
  category: 'firmographic',
  points: 15,
  priority: 10,
  is_active: true,
  conditions: { all: [{ fact: 'industry', operator: 'equals', value: 'SaaS' }] },
};

function problemsOf(rules: unknown[]): { pointer: string; code: string }[] {
  try {
    compileRuleSet('v', rules as ScoringRuleForEngine[], registry);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.RULE_INVALID);
    return (error as DomainError).problems.map(({ pointer, code }) => ({ pointer, code }));
  }
  throw new Error('expected compileRuleSet to reject the rules');
}

describe('compileRuleSet', () => {
  it('rejects json-rules-engine internals a user document must never carry, listing every problem', () => {
    const problems = problemsOf([
      {
        ...base,
        conditions: {
          all: [
            { fact: 'social_profiles', operator: 'equals', value: 'x', path: '$..constructor' },
            { fact: 'industry', operator: 'equals', value: { fact: 'title' } },
            { fact: 'industry', operator: 'equals', value: 'x', params: { a: 1 } },
            { condition: 'shared' },
          ],
        },
      },
    ]);
    expect(problems).toEqual([
      { pointer: '/0/conditions/all/0/path', code: 'condition_key_forbidden' },
      { pointer: '/0/conditions/all/1/value', code: 'value_invalid' },
      { pointer: '/0/conditions/all/2/params', code: 'condition_key_forbidden' },
      { pointer: '/0/conditions/all/3/condition', code: 'condition_key_forbidden' },
      { pointer: '/0/conditions/all/3/fact', code: 'fact_unknown' },
      { pointer: '/0/conditions/all/3/operator', code: 'operator_unknown' },
    ]);
  });

  it('rejects unknown facts and operators, bad points, categories and priorities, duplicate ids', () => {
    const problems = problemsOf([
      { ...base, conditions: { any: [{ fact: 'industy', operator: 'equal', value: 'x' }] } },
      { ...base, rule_id: 'r2', points: 150, category: 'social', priority: -1 },
      { ...base, rule_id: 'r2', conditions: { fact: 'industry', operator: 'equals', value: 'x' } },
    ]);
    expect(problems.map((problem) => problem.code)).toEqual([
      'fact_unknown',
      'operator_unknown',
      'category_unknown',
      'points_invalid',
      'priority_invalid',
      'rule_id_duplicate',
      'condition_invalid',
    ]);
  });

  it('orders active rules by priority (highest first), then as given, and freezes the result', () => {
    const ruleSet = compileRuleSet(
      'v1',
      [
        { ...base, rule_id: 'low', priority: 1 },
        { ...base, rule_id: 'high', priority: 20 },
        { ...base, rule_id: 'off', is_active: false },
        { ...base, rule_id: 'low2', priority: 1 },
      ],
      registry,
    );
    expect(ruleSet.rules.map((rule) => rule.rule_id)).toEqual(['high', 'low', 'low2']);
    expect(ruleSet.inactiveRuleIds).toEqual(['off']);
    expect(Object.isFrozen(ruleSet.rules[0]?.conditions)).toBe(true);
    expect(Object.isFrozen(ruleSet.engineRules)).toBe(true);
    expect(ruleSet.factLayout.names).toEqual(['industry']);
  });

  it('reads an absent <activity type>_count as 0, so "fewer than 1 demo" matches a lead with none', async () => {
    const ruleSet = compileRuleSet(
      'v',
      [
        {
          ...base,
          category: 'engagement',
          conditions: { all: [{ fact: 'demo_requested_count', operator: 'less_than', value: 1 }] },
        },
      ],
      registry,
    );
    const facts = buildFacts(registry, { lead: {}, activities: [], now: new Date() });
    expect(scoreLead(ruleSet, facts).score).toBe(15);
    expect((await scoreLeadWithEngine(ruleSet, facts)).score).toBe(15);
  });

  it("scores a deployment's custom computed fact through both evaluators", async () => {
    const withMetric = defaultFactRegistry().register({
      name: 'custom_metric',
      type: 'number',
      source: 'custom',
      description: 'number of technologies',
      compute: ({ lead }) => lead.technologies?.length ?? 0,
    });
    const ruleSet = compileRuleSet(
      'v',
      [
        {
          ...base,
          conditions: { all: [{ fact: 'custom_metric', operator: 'greater_than_or_equal', value: 2 }] },
        },
      ],
      withMetric,
    );
    const facts = buildFacts(withMetric, {
      lead: { technologies: ['Go', 'React'] },
      activities: [],
      now: new Date(),
    });
    expect(scoreLead(ruleSet, facts).matched.map((rule) => rule.rule_id)).toEqual(['r1']);
    expect((await scoreLeadWithEngine(ruleSet, facts)).score).toBe(15);
    expect(() =>
      compileRuleSet(
        'v',
        [{ ...base, conditions: { all: [{ fact: 'custom_metric', operator: 'equals', value: 1 }] } }],
        registry,
      ),
    ).toThrow(DomainError);
  });
});

describe('RuleSetCache', () => {
  const compiled = (version: string): CompiledRuleSet => compileRuleSet(version, [base], registry);

  it('compiles a version once and evicts the least recently used beyond capacity', () => {
    const cache = new RuleSetCache(2);
    let compilations = 0;
    const get = (version: string) =>
      cache.getOrCompile(version, () => ((compilations += 1), compiled(version)));
    const first = get('1');
    expect(get('1')).toBe(first);
    get('2');
    get('1'); // 1 is now the most recently used
    get('3'); // evicts 2
    expect(cache.versions()).toEqual(['1', '3']);
    expect(compilations).toBe(3);
    get('2');
    expect(compilations).toBe(4);
    expect(cache.size).toBe(2);
  });

  it('refuses a compiled set filed under another version', () => {
    expect(() => new RuleSetCache().getOrCompile('7', () => compiled('8'))).toThrow(/version 8/);
    expect(() => new RuleSetCache(0)).toThrow(RangeError);
  });
});
