import { defaultFactRegistry, ErrorCode } from '@leadflow/domain';
import { valueOrThrow } from './problems';
import { validateScoringRule } from './scoring-rule';

const guideRule = {
  name: 'Email Engaged',
  rule_type: 'behavioral',
  field_name: 'email_opens_count',
  operator: 'greater_than',
  value: '3',
  points: 10,
};

describe('validateScoringRule', () => {
  it("knows a custom fact once the deployment registers it (the guide's custom_metric)", () => {
    const rule = { ...guideRule, field_name: 'custom_metric' };
    expect(validateScoringRule(rule, defaultFactRegistry()).problems).toEqual([
      { pointer: '/field_name', code: 'UNKNOWN_FACT', message: 'unknown fact "custom_metric"' },
    ]);
    const registry = defaultFactRegistry().register({
      name: 'custom_metric',
      type: 'number',
      source: 'custom',
      description: 'x',
      compute: () => 1,
    });
    expect(validateScoringRule(rule, registry)).toMatchObject({
      ok: true,
      value: { field_name: 'custom_metric', value: 3 },
    });
  });

  it('accepts every activity count fact (<type>_count)', () => {
    const result = validateScoringRule(
      { ...guideRule, field_name: 'demo_requested_count', value: 0 },
      defaultFactRegistry(),
    );
    expect(result.ok).toBe(true);
  });

  it('suggests the nearest fact, operator and field', () => {
    const result = validateScoringRule(
      { ...guideRule, field_name: 'industy', operator: 'greater_then', pionts: 3 },
      defaultFactRegistry(),
    );
    const messages = Object.fromEntries(result.problems.map((found) => [found.pointer, found.message]));
    expect(messages['/field_name']).toContain('did you mean "industry"?');
    expect(messages['/operator']).toContain('did you mean "greater_than"?');
    expect(messages['/pionts']).toContain('did you mean "points"?');
  });

  it('lists every problem at once, dangerous keys included, and never throws on garbage', () => {
    const doc = JSON.parse(
      '{"name": "", "rule_type": "x", "field_name": "nope", "operator": "between", "value": "[9, 1]", "points": 500, "__proto__": {}, "$set": 1}',
    ) as unknown;
    const codes = validateScoringRule(doc, defaultFactRegistry()).problems.map(
      (found) => `${found.pointer} ${found.code}`,
    );
    expect(codes.sort()).toEqual(
      [
        '/__proto__ DANGEROUS_KEY',
        '/$set DANGEROUS_KEY',
        '/name TOO_SHORT',
        '/rule_type INVALID_ENUM',
        '/field_name UNKNOWN_FACT',
        '/value INVALID_RANGE',
        '/points OUT_OF_RANGE',
      ].sort(),
    );
    for (const garbage of [
      null,
      42,
      'rule',
      [],
      {},
      { conditions: null },
      { conditions: { all: [null, 1, 'x'] } },
    ]) {
      expect(validateScoringRule(garbage, defaultFactRegistry()).ok).toBe(false);
    }
  });

  it.each([
    ['in_list', '["SaaS", "Finance"]', ['SaaS', 'Finance']],
    ['in_list', [1, 'two', true], [1, 'two', true]],
    ['greater_than', '3', 3],
    ['greater_than', ' 2.5 ', 2.5],
    ['less_than', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'],
    ['between', '[1, "5"]', [1, 5]],
    ['equals', '3', '3'],
    ['contains', 'director', 'director'],
    ['starts_with', 42, '42'],
    ['matches_regex', '[a-z]+@acme\\.io', '[a-z]+@acme\\.io'],
    ['is_empty', 'ignored', null],
  ])('reads %s %j as %j', (operator, value, expected) => {
    const result = validateScoringRule(
      { ...guideRule, field_name: 'title', operator, value },
      defaultFactRegistry(),
    );
    expect(result.problems).toEqual([]);
    expect(result.value).toMatchObject({ value: expected });
  });
});

describe('valueOrThrow', () => {
  it('throws a DomainError carrying every problem', () => {
    const result = validateScoringRule(
      { ...guideRule, points: 500, operator: 'nope' },
      defaultFactRegistry(),
    );
    expect(() => valueOrThrow(result, ErrorCode.RULE_INVALID, 'scoring rule')).toThrow(
      expect.objectContaining({
        code: 'RULE_INVALID',
        message: 'scoring rule has 2 problems',
        problems: expect.arrayContaining([expect.objectContaining({ pointer: '/points' })]),
      }),
    );
    expect(
      valueOrThrow(validateScoringRule(guideRule, defaultFactRegistry()), ErrorCode.RULE_INVALID, 'rule'),
    ).toMatchObject({ value: 3 });
  });
});
