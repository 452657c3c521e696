import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultFactRegistry } from '@leadflow/domain';
import { compileRuleSet, scoreLead, scoreLeadWithEngine } from '@leadflow/engine';
import { validateBundle } from '../bundle';
import { toEngineRule } from '../compile';
import { validateScoringRule } from '../scoring-rule';
import type { ScoringRule } from '../types';

// Lives beside the CLI because that is the one part of dsl allowed to import the engine.
describe('compiled DSL rules in the engine', () => {
  const registry = defaultFactRegistry();
  const valid = join(__dirname, '..', '..', 'fixtures', 'valid');
  const rules: ScoringRule[] = readdirSync(valid)
    .filter((file) => file.startsWith('rule-'))
    .map((file) => {
      const result = validateScoringRule(JSON.parse(readFileSync(join(valid, file), 'utf8')), registry);
      if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.problems)}`);
      return result.value;
    });

  it('are accepted by compileRuleSet and score the same on both evaluators', async () => {
    const ruleSet = compileRuleSet(
      'fixtures',
      rules.map((rule, index) => toEngineRule(rule, { ruleId: `r${index}` })),
      registry,
    );
    const facts = {
      title: 'VP Engineering',
      industry: 'saas',
      job_level: 'Senior',
      email: 'vp@gmail.com',
      company_size: 'Enterprise',
      email_opens_count: 4,
      days_since_creation: 2,
      company_revenue: '10M-50M',
      created_at: '2025-06-01T00:00:00.000Z',
    };
    const fast = scoreLead(ruleSet, facts);
    const reference = await scoreLeadWithEngine(ruleSet, facts);
    expect(fast.matched.length).toBeGreaterThan(3);
    expect(reference).toEqual(fast);
  });

  it("accepts the guide bundle's rules", () => {
    const bundle = validateBundle(
      JSON.parse(readFileSync(join(valid, 'bundle-guide.json'), 'utf8')),
      registry,
    );
    if (!bundle.ok) throw new Error(JSON.stringify(bundle.problems));
    const engineRules = bundle.value.rules.map((rule) => toEngineRule(rule));
    expect(compileRuleSet('guide', engineRules, registry).rules).toHaveLength(engineRules.length);
  });
});
