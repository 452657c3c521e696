import { compileCondition } from './compile';
import {
  decompileDraftCondition,
  decompileDraftRule,
  draftRuleOf,
  toFlatDraft,
  toNestedDraft,
} from './draft-rule';
import type { DraftFlatRule, DraftGroup, DslGroup } from './types';
import conditions from '../fixtures/draft-conditions.json';

// every shape of condition; the first is the nested example
const shapes = conditions.shapes as DraftGroup[];
const nested = shapes[0] as DraftGroup;

describe('draft conditions <-> compiled json-rules-engine JSON', () => {
  it.each(shapes.map((shape) => [JSON.stringify(shape), shape]))(
    "reads back what the DSL's compiler writes: %s",
    (_, shape) => {
      // a draft whose values are already the validated ones: the compiler's own input
      expect(decompileDraftCondition(compileCondition(shape as DslGroup))).toEqual(shape);
    },
  );

  it('drops a null value: a value-less operator has none in the draft', () => {
    expect(decompileDraftCondition({ all: [{ fact: 'phone', operator: 'is_empty', value: null }] })).toEqual({
      all: [{ field: 'phone', operator: 'is_empty' }],
    });
  });

  it('says where a compiled document cannot be read', () => {
    expect(() => decompileDraftCondition({ all: [{ fact: 'a' }] })).toThrow('conditions.all.0.operator');
    expect(() => decompileDraftCondition({ some: [] })).toThrow('conditions must have all, any or not');
    expect(() => decompileDraftRule([], { ...flat })).toThrow('the compiled rule must be a JSON object');
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
    const rule = decompileDraftRule(
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
});

const flat: DraftFlatRule = {
  name: 'Decision Maker',
  rule_type: 'demographic',
  field_name: 'title',
  operator: 'contains',
  value: 'director',
  points: 15,
  priority: 1,
  is_active: true,
};

describe('draft rules: flat <-> nested, stored, graded', () => {
  it('nests a flat rule and flattens it back', () => {
    const asNested = toNestedDraft(flat);
    expect(asNested).toMatchObject({ conditions: { all: [{ field: 'title', operator: 'contains' }] } });
    expect(toFlatDraft(asNested)).toEqual(flat);
  });

  it('does not flatten composite conditions', () => {
    expect(toFlatDraft({ ...toNestedDraft(flat), conditions: nested })).toBeUndefined();
  });

  it('reads a stored rule, dropping the keys the DSL does not have', () => {
    expect(draftRuleOf({ ...flat, id: 5, compiled: {}, created_at: 'x' })).toEqual(flat);
    const stored = { ...toNestedDraft(flat), id: 6, conditions: nested };
    expect(draftRuleOf(stored)).toEqual({ ...toNestedDraft(flat), conditions: nested });
  });

  it('fills what a typed document lacks or mistypes with the defaults of a new rule', () => {
    expect(draftRuleOf({ name: 7, conditions: { any: [] } })).toEqual({
      name: '',
      rule_type: 'demographic',
      points: 0,
      priority: 1,
      is_active: true,
      conditions: { any: [] },
    });
  });
});
