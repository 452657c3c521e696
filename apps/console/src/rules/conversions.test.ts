import { describe, expect, it } from 'vitest';
import { builderPathOfField, builderToDsl, dslToBuilder } from './builder';
import type { DraftGroup } from '@leadflow/dsl/src/types';
import { textToValue, valueToText } from './values';
import conditions from '@leadflow/dsl/fixtures/draft-conditions.json';

// every shape of condition; the first is the nested example
const shapes = conditions.shapes as DraftGroup[];
const nested = shapes[0] as DraftGroup;

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

// draft rules <-> compiled JSON, flat <-> nested and stored rules: dsl/src/draft-rule.spec.ts

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
