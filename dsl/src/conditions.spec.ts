import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultFactRegistry, OPERATOR_NAMES, withWorkflowEventFacts } from '@leadflow/domain';
import { generateRules, seededRandom } from '../../bench/engine/generate';
import { validateBundle } from './bundle';
import { decompileScoringRule } from './decompile';
import { validateScoringRule } from './scoring-rule';
import { validateWorkflow } from './workflow/validate-workflow';

/** The guide's custom_metric example, registered as a boolean: "is a paying customer". */
const withBooleanFact = () =>
  defaultFactRegistry().register({
    name: 'is_customer',
    type: 'boolean',
    source: 'custom',
    description: 'the lead is a paying customer',
    compute: () => true,
  });

const flatRule = (field_name: string, operator: string, value: unknown) => ({
  name: 'Typed',
  rule_type: 'behavioral',
  field_name,
  operator,
  value,
  points: 10,
});

describe('operators and fact types', () => {
  it('a custom fact registered as boolean refuses greater_than 3, naming its type and the operators that fit', () => {
    const result = validateScoringRule(flatRule('is_customer', 'greater_than', 3), withBooleanFact());
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        pointer: '/operator',
        code: 'OPERATOR_FACT_TYPE_MISMATCH',
        message:
          'greater_than compares numbers or dates, but "is_customer" is a boolean fact; operators that fit a boolean fact: equals, not_equals, contains, not_contains, starts_with, ends_with, in_list, not_in_list, is_empty, is_not_empty, matches_regex',
      },
    ]);
    expect(validateScoringRule(flatRule('is_customer', 'equals', true), withBooleanFact()).ok).toBe(true);
  });

  it.each([
    ['technologies', 'between', [1, 3]],
    ['technologies', 'less_than_or_equal', 2],
    ['social_profiles', 'greater_than_or_equal', 1],
  ])('a %s fact refuses %s inside nested conditions, at the leaf', (field, operator, value) => {
    const rule = {
      name: 'Nested',
      rule_type: 'firmographic',
      conditions: {
        all: [
          { field: 'industry', operator: 'equals', value: 'SaaS' },
          { field, operator, value },
        ],
      },
      points: 5,
    };
    const problems = validateScoringRule(rule, defaultFactRegistry()).problems;
    expect(problems).toEqual([
      expect.objectContaining({ pointer: '/conditions/all/1/operator', code: 'OPERATOR_FACT_TYPE_MISMATCH' }),
    ]);
    expect(problems[0]?.message).toContain(`"${field}" is a `);
  });

  it('reports a bad value beside the type mismatch, every problem at once', () => {
    const problems = validateScoringRule(
      flatRule('technologies', 'greater_than', 'lots'),
      defaultFactRegistry(),
    ).problems;
    expect(problems.map((found) => [found.pointer, found.code])).toEqual([
      ['/operator', 'OPERATOR_FACT_TYPE_MISMATCH'],
      ['/value', 'VALUE_TYPE_MISMATCH'],
    ]);
  });

  it('keeps every operator on string, number and date facts (numeric text compares as a number)', () => {
    const registry = defaultFactRegistry();
    for (const field of ['company_size', 'email_opens_count', 'created_at']) {
      for (const operator of OPERATOR_NAMES) {
        const value =
          operator === 'between' ? [1, 2] : operator === 'in_list' || operator === 'not_in_list' ? [1] : 1;
        const problems = validateScoringRule(flatRule(field, operator, value), registry).problems;
        expect(problems.filter((found) => found.code === 'OPERATOR_FACT_TYPE_MISMATCH')).toEqual([]);
      }
    }
  });

  it('checks workflow branch conditions too (event facts have types: changed_fields is a list)', () => {
    const workflow = {
      name: 'Branchy',
      trigger_type: 'score_threshold',
      trigger_config: { score: 70 },
      steps: [
        {
          branch: {
            if: { all: [{ field: 'changed_fields', operator: 'greater_than', value: 1 }] },
            then: [{ action: 'create_task', config: { title: 'Call' } }],
          },
        },
      ],
    };
    const problems = validateWorkflow(workflow, withWorkflowEventFacts(defaultFactRegistry())).problems;
    expect(problems).toEqual([
      expect.objectContaining({
        pointer: '/steps/0/branch/if/all/0/operator',
        code: 'OPERATOR_FACT_TYPE_MISMATCH',
      }),
    ]);
  });
});

describe('documents that must stay valid', () => {
  const registry = defaultFactRegistry();

  it('the demo data (data/demo/demo.json) validates as a bundle', () => {
    const demo = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'data', 'demo', 'demo.json'), 'utf8'),
    ) as Record<string, unknown>;
    const bundle = { kind: 'bundle', rules: demo.rules, criteria: demo.criteria, workflows: demo.workflows };
    expect(validateBundle(bundle, registry).problems).toEqual([]);
  });

  it("the engine benchmark's generated rules validate", () => {
    for (const size of [10, 50, 200]) {
      for (const rule of generateRules(seededRandom(size), size)) {
        const document = decompileScoringRule({
          name: rule.name,
          priority: rule.priority,
          conditions: rule.conditions,
          event: {
            type: 'score',
            params: { rule_id: rule.rule_id, category: rule.category, points: rule.points },
          },
        });
        expect(validateScoringRule(document, registry).problems).toEqual([]);
      }
    }
  });
});
