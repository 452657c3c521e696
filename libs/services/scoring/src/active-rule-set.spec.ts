import type { VersionedRule } from '@leadflow/persistence';
import { toEngineRules } from './active-rule-set';

const rule = (id: number, rule_type: VersionedRule['rule_type'], flag?: boolean): VersionedRule => ({
  id,
  name: `rule ${id}`,
  rule_type,
  points: 10,
  priority: 1,
  is_active: true,
  ...(flag === undefined ? {} : { counts_toward_grade: flag }),
  source: {},
  compiled: {
    name: `rule ${id}`,
    priority: 1,
    conditions: { all: [{ fact: 'industry', operator: 'equals', value: 'SaaS' }] },
    event: { type: 'score', params: { rule_id: String(id), category: rule_type, points: 10 } },
  },
});

describe('toEngineRules', () => {
  it("takes each rule's counts_toward_grade as the version published it", () => {
    const rules = [rule(1, 'behavioral', true), rule(2, 'firmographic', false)];
    expect(toEngineRules(rules, { grading: { bands: { A: 80, B: 60, C: 40, D: 20 } } })).toMatchObject([
      { rule_id: '1', counts_toward_grade: true },
      { rule_id: '2', counts_toward_grade: false },
    ]);
  });

  it('grades a version published before the flag by the fit categories its settings named', () => {
    const rules = [rule(1, 'demographic'), rule(2, 'engagement'), rule(3, 'firmographic')];
    const legacy = {
      grading: { categories: ['engagement', 'firmographic'], bands: { A: 80, B: 60, C: 40, D: 20 } },
    };
    expect(toEngineRules(rules, legacy as never).map((entry) => entry.counts_toward_grade)).toEqual([
      false,
      true,
      true,
    ]);
    // no settings at all (published before grades existed): the category defaults
    expect(toEngineRules(rules).map((entry) => entry.counts_toward_grade)).toEqual([true, false, true]);
  });
});
