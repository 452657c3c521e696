import { diffItems, fieldChanges } from './version-diff';

describe('fieldChanges', () => {
  it('lists each changed leaf as old -> new, by path', () => {
    expect(
      fieldChanges(
        { name: 'Hot', points: 10, conditions: { all: [{ field: 'industry', value: 'SaaS' }] } },
        {
          name: 'Hot',
          points: 15,
          conditions: { all: [{ field: 'industry', value: 'Fintech' }] },
          note: 'x',
        },
      ),
    ).toEqual([
      { field: 'conditions.all.0.value', from: 'SaaS', to: 'Fintech' },
      { field: 'note', to: 'x' },
      { field: 'points', from: 10, to: 15 },
    ]);
  });

  it('is empty for equal documents whatever their key order, and takes a resized list whole', () => {
    expect(fieldChanges({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toEqual([]);
    expect(fieldChanges({ l: [1] }, { l: [1, 2] })).toEqual([{ field: 'l', from: [1], to: [1, 2] }]);
  });
});

describe('diffItems', () => {
  const doc = (item: { name: string; points: number }) => ({ name: item.name, points: item.points });

  it('pairs by id, then by name (an item deleted and created again), and names the changed fields', () => {
    const diff = diffItems(
      [
        { id: 1, name: 'a', points: 10 },
        { id: 2, name: 'b', points: 5 },
        { id: 3, name: 'gone', points: 1 },
      ],
      [
        { id: 1, name: 'a', points: 15 },
        { id: 7, name: 'B', points: 5 },
        { id: 8, name: 'new', points: 2 },
      ],
      doc,
    );
    expect(diff.added.map((item) => item.name)).toEqual(['new']);
    expect(diff.removed.map((item) => item.name)).toEqual(['gone']);
    expect(diff.changed.map(({ name, fields }) => ({ name, fields }))).toEqual([
      { name: 'a', fields: [{ field: 'points', from: 10, to: 15 }] },
      { name: 'B', fields: [{ field: 'name', from: 'b', to: 'B' }] },
    ]);
  });
});
