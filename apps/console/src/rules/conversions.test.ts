import { describe, expect, it } from 'vitest';
import { builderPathOfField, builderToDsl, dslToBuilder } from './builder';
import {
  compileCondition,
  countsTowardGrade,
  decompileCondition,
  decompileRule,
  type DslGroup,
  type RuleDocument,
  ruleDocumentOf,
  toFlat,
  toNested,
} from './dsl';
import { textToValue, valueToText } from './values';

const nested: DslGroup = {
  all: [
    { field: 'industry', operator: 'in_list', value: ['SaaS', 'Fintech'] },
    {
      any: [
        { field: 'email_clicks_count', operator: 'greater_than_or_equal', value: 2 },
        { not: { field: 'title', operator: 'contains', value: 'intern' } },
        { not: { all: [{ field: 'phone', operator: 'is_empty' }] } },
      ],
    },
    { not: { any: [{ field: 'status', operator: 'equals', value: 'lost' }] } },
  ],
};

const shapes: DslGroup[] = [
  nested,
  { any: [] },
  { not: { field: 'company', operator: 'is_not_empty' } },
  { not: { all: [{ field: 'company_size', operator: 'between', value: [10, 500] }] } },
  { any: [{ all: [{ any: [{ field: 'source', operator: 'equals', value: 'web' }] }] }] },
];

describe('DSL <-> builder', () => {
  it.each(shapes.map((shape) => [JSON.stringify(shape), shape]))('round-trips %s exactly', (_, shape) => {
    expect(builderToDsl(dslToBuilder(shape))).toEqual(shape);
  });

  it('maps all/any to the and/or combinators and not to the not toggle', () => {
    const builder = dslToBuilder(nested);
    expect(builder.combinator).toBe('and');
    const second = builder.rules[1] as { combinator: string; rules: unknown[] };
    expect(second.combinator).toBe('or');
    expect(builder.rules[2]).toMatchObject({ not: true, combinator: 'or' });
    expect(second.rules[1]).toMatchObject({ not: true, notLeaf: true, rules: [{ field: 'title' }] });
  });

  it('turns a negated single leaf that gained a sibling into not of a group', () => {
    const builder = dslToBuilder({ not: { field: 'company', operator: 'is_not_empty' } });
    builder.rules.push({ field: 'email', operator: 'is_empty', value: null });
    expect(builderToDsl(builder)).toEqual({
      not: {
        all: [
          { field: 'company', operator: 'is_not_empty' },
          { field: 'email', operator: 'is_empty' },
        ],
      },
    });
  });

  it('places API errors on the builder rule they name', () => {
    expect(builderPathOfField('conditions.all.1.any.0.value', nested)).toEqual({
      path: [1, 0],
      key: 'value',
    });
    expect(builderPathOfField('conditions.all.1.any.1.not.field', nested)).toEqual({
      path: [1, 1, 0],
      key: 'field',
    });
    expect(builderPathOfField('conditions.all.2.not.any.0.operator', nested)).toEqual({
      path: [2, 0],
      key: 'operator',
    });
    expect(builderPathOfField('conditions', nested)).toEqual({ path: [] });
    expect(builderPathOfField('points', nested)).toBeUndefined();
  });
});

describe('DSL <-> compiled json-rules-engine JSON', () => {
  it.each(shapes.map((shape) => [JSON.stringify(shape), shape]))('round-trips %s', (_, shape) => {
    expect(decompileCondition(compileCondition(shape))).toEqual(shape);
  });

  it('names facts with `fact` and gives value-less operators a null value', () => {
    expect(compileCondition({ all: [{ field: 'phone', operator: 'is_empty' }] })).toEqual({
      all: [{ fact: 'phone', operator: 'is_empty', value: null }],
    });
  });

  it('decompiles a whole compiled rule, keeping is_active and counts_toward_grade, back to the flat form when it can', () => {
    const current = {
      name: 'x',
      rule_type: 'demographic',
      points: 1,
      priority: 1,
      is_active: false,
      counts_toward_grade: false,
    };
    const rule = decompileRule(
      {
        name: 'Enterprise company size',
        priority: 10,
        conditions: { all: [{ fact: 'company_size', operator: 'in_list', value: ['Large', 'Enterprise'] }] },
        event: { type: 'score', params: { rule_id: '1', category: 'firmographic', points: 15 } },
      },
      current,
    );
    expect(rule).toEqual({
      name: 'Enterprise company size',
      rule_type: 'firmographic',
      points: 15,
      priority: 10,
      is_active: false,
      counts_toward_grade: false,
      field_name: 'company_size',
      operator: 'in_list',
      value: ['Large', 'Enterprise'],
    });
  });

  it('counts demographic and firmographic rules toward the grade unless the rule says otherwise', () => {
    const base = { name: 'x', points: 1, priority: 1, is_active: true };
    expect(countsTowardGrade({ ...base, rule_type: 'firmographic' })).toBe(true);
    expect(countsTowardGrade({ ...base, rule_type: 'behavioral' })).toBe(false);
    expect(countsTowardGrade({ ...base, rule_type: 'behavioral', counts_toward_grade: true })).toBe(true);
  });

  it('says where a compiled document cannot be read', () => {
    expect(() => decompileCondition({ all: [{ fact: 'a' }] })).toThrow('conditions.all.0.operator');
    expect(() => decompileCondition({ some: [] })).toThrow('conditions must have all, any or not');
  });
});

describe('flat <-> nested rule forms', () => {
  const flat: RuleDocument = {
    name: 'Decision Maker',
    rule_type: 'demographic',
    field_name: 'title',
    operator: 'contains',
    value: 'director',
    points: 15,
    priority: 1,
    is_active: true,
  };

  it('nests a flat rule and flattens it back', () => {
    const asNested = toNested(flat);
    expect(asNested).toMatchObject({ conditions: { all: [{ field: 'title', operator: 'contains' }] } });
    expect(toFlat(asNested)).toEqual(flat);
  });

  it('does not flatten composite conditions', () => {
    expect(toFlat({ ...toNested(flat), conditions: nested })).toBeUndefined();
  });

  it('reads a stored rule, dropping the keys the DSL does not have', () => {
    expect(ruleDocumentOf({ ...flat, id: 5, compiled: {}, created_at: 'x' })).toEqual(flat);
    const stored = { ...toNested(flat), id: 6, conditions: nested };
    expect(ruleDocumentOf(stored)).toEqual({ ...toNested(flat), conditions: nested });
  });
});

describe('values typed into a builder leaf', () => {
  it('reads lists as JSON or comma-separated items', () => {
    expect(textToValue('list', '["Large", "Enterprise"]')).toEqual(['Large', 'Enterprise']);
    expect(textToValue('list', 'Large, Enterprise, 500')).toEqual(['Large', 'Enterprise', 500]);
    expect(textToValue('range', '10, 50')).toEqual([10, 50]);
  });

  it('keeps malformed JSON as typed, for the API to report', () => {
    expect(textToValue('list', '["a"')).toBe('["a"');
  });

  it('numbers for numeric operators, dates kept as text', () => {
    expect(textToValue('number', '3')).toBe(3);
    expect(textToValue('number', '2025-01-01T00:00:00Z')).toBe('2025-01-01T00:00:00Z');
  });

  it('keeps a scalar a string unless it replaces a number', () => {
    expect(textToValue('scalar', '42')).toBe('42');
    expect(textToValue('scalar', '42', 7)).toBe(42);
    expect(textToValue('none', 'anything')).toBeUndefined();
  });

  it.each([['director'], [3], [['a', 'b']], [[1, 5]], [true]])(
    'shows %j as text that reads back',
    (value) => {
      const kind = Array.isArray(value) ? 'list' : typeof value === 'string' ? 'string' : 'scalar';
      expect(textToValue(kind, valueToText(value), value)).toEqual(value);
    },
  );
});
