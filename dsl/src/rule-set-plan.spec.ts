import { defaultFactRegistry } from '@leadflow/domain';
import { validateBundle } from './bundle';
import { planRuleSet, type StoredRuleSet } from './rule-set-plan';

const registry = defaultFactRegistry();

const rule = (name: string, points: number, value: unknown = '3') => ({
  name,
  rule_type: 'behavioral',
  field_name: 'email_opens_count',
  operator: 'greater_than',
  value,
  points,
});

function bundleOf(doc: unknown) {
  const result = validateBundle(doc, registry);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

describe('planRuleSet', () => {
  const stored: StoredRuleSet = {
    rules: [
      { id: 1, name: 'kept', document: rule('kept', 10, '3') },
      { id: 2, name: 'edited', document: rule('edited', 10) },
      { id: 3, name: 'gone', document: rule('gone', 5) },
      { id: 4, name: 'kept', document: rule('kept', 99) },
    ],
    criteria: [],
    workflows: [],
  };

  it('matches by name, compares normalized documents and deletes what the bundle leaves out', () => {
    const desired = bundleOf({
      rules: [rule('kept', 10, 3), { ...rule('edited', 20), priority: 1, is_active: true }, rule('new', 1)],
    });
    const plan = planRuleSet(desired, stored, registry);
    expect(plan.unchanged).toEqual({ rules: 1, criteria: 0, workflows: 0 });
    expect(plan.changes).toEqual([
      { section: 'rules', action: 'update', name: 'edited', id: 2, index: 1, fields: ['points'] },
      { section: 'rules', action: 'create', name: 'new', id: null, index: 2, fields: [] },
      { section: 'rules', action: 'delete', name: 'gone', id: 3, index: null, fields: [] },
      { section: 'rules', action: 'delete', name: 'kept', id: 4, index: null, fields: [] },
    ]);
    expect(plan.kept).toEqual([]);
  });

  it('reads counts_toward_grade left out as its category default, and plans a change to it', () => {
    const plan = planRuleSet(
      bundleOf({
        rules: [
          { ...rule('kept', 10), counts_toward_grade: false },
          { ...rule('edited', 10), counts_toward_grade: true },
        ],
      }),
      { ...stored, rules: stored.rules.slice(0, 2) },
      registry,
    );
    expect(plan.unchanged.rules).toBe(1);
    expect(plan.changes).toEqual([
      {
        section: 'rules',
        action: 'update',
        name: 'edited',
        id: 2,
        index: 1,
        fields: ['counts_toward_grade'],
      },
    ]);
  });

  it('deletes only with prune, and only in the sections the folder holds; the rest is listed as kept', () => {
    const withCriterion: StoredRuleSet = {
      ...stored,
      criteria: [
        {
          id: 9,
          name: 'Marketing Qualified Lead',
          document: { name: 'Marketing Qualified Lead', stage: 'mql', minimum_score: 40 },
        },
      ],
    };
    const desired = bundleOf({ rules: [rule('kept', 10)] });
    const unpruned = planRuleSet(desired, withCriterion, registry, { prune: false, sections: ['rules'] });
    expect(unpruned.changes.filter((change) => change.action === 'delete')).toEqual([]);
    expect(unpruned.kept.map((item) => `${item.section}/${item.id}`)).toEqual([
      'rules/2',
      'rules/3',
      'rules/4',
      'criteria/9',
    ]);
    const pruned = planRuleSet(desired, withCriterion, registry, { prune: true, sections: ['rules'] });
    expect(pruned.changes.filter((change) => change.action === 'delete').map((change) => change.id)).toEqual([
      2, 3, 4,
    ]);
    expect(pruned.kept).toEqual([{ section: 'criteria', name: 'Marketing Qualified Lead', id: 9 }]);
  });

  it('matches names ignoring case and surrounding spaces, so a new spelling is a rename', () => {
    const plan = planRuleSet(bundleOf({ rules: [rule('  EDITED ', 10)] }), stored, registry, {
      prune: false,
      sections: ['rules'],
    });
    expect(plan.changes).toEqual([
      { section: 'rules', action: 'update', name: '  EDITED ', id: 2, index: 0, fields: ['name'] },
    ]);
  });

  it('plans nothing for the stored documents themselves', () => {
    const same: StoredRuleSet = { ...stored, rules: stored.rules.slice(0, 3) };
    const plan = planRuleSet(bundleOf({ rules: same.rules.map((item) => item.document) }), same, registry);
    expect(plan.changes).toEqual([]);
  });
});
