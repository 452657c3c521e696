import { renamesFor } from './unique-names';

describe('renamesFor (the start-up rename of old duplicate names)', () => {
  it('keeps the first item of a name and numbers the later ones in id order', () => {
    expect(
      renamesFor([
        { id: 7, name: 'Hot' },
        { id: 2, name: 'Hot' },
        { id: 9, name: ' hot ' },
        { id: 3, name: 'Cold' },
      ]),
    ).toEqual([
      { id: 7, from: 'Hot', to: 'Hot (2)' },
      { id: 9, from: ' hot ', to: 'hot (3)' },
    ]);
  });

  it('skips numbered names an item already has, and renames nothing once names are unique', () => {
    const rows = [
      { id: 1, name: 'MQL' },
      { id: 2, name: 'MQL (2)' },
      { id: 3, name: 'mql' },
    ];
    const renames = renamesFor(rows);
    expect(renames).toEqual([{ id: 3, from: 'mql', to: 'mql (3)' }]);
    const after = rows.map((row) => ({ ...row, name: renames.find((r) => r.id === row.id)?.to ?? row.name }));
    expect(renamesFor(after)).toEqual([]);
  });
});
