import { diffById } from './rule-set-versions.service';

describe('diffById', () => {
  const a = { id: 1, name: 'a', points: 10 };
  const b = { id: 2, name: 'b', points: 5 };
  const c = { id: 3, name: 'c', points: 1 };

  it('reports added, removed and changed items by id', () => {
    const diff = diffById([a, b], [{ ...a, points: 15 }, c]);
    expect(diff.added).toEqual([c]);
    expect(diff.removed).toEqual([b]);
    expect(diff.changed).toEqual([{ id: 1, name: 'a', from: a, to: { ...a, points: 15 } }]);
  });

  it('is empty between equal snapshots', () => {
    expect(diffById([a, b], [a, b])).toEqual({ added: [], removed: [], changed: [] });
  });
});
