import { describeItem, freeName, nameKey, numberedName } from './item-names';

describe('item names', () => {
  it('keys names case-insensitively after trimming', () => {
    expect(nameKey('  Marketing Qualified Lead ')).toBe(nameKey('marketing qualified lead'));
    expect(nameKey('MQL')).not.toBe(nameKey('SQL'));
  });

  it('numbers later duplicates from 2, skipping numbers already taken', () => {
    expect(numberedName('Hot', 1)).toBe('Hot');
    expect(numberedName(' Hot ', 3)).toBe('Hot (3)');
    expect(freeName('Hot', new Set())).toBe('Hot');
    expect(freeName('Hot', new Set(['hot']))).toBe('Hot (2)');
    expect(freeName('Hot', new Set(['hot', 'hot (2)']))).toBe('Hot (3)');
  });

  it('describes an existing item as a conflict names it', () => {
    expect(describeItem('criteria', 4, 'Marketing Qualified Lead')).toBe(
      'criterion 4 "Marketing Qualified Lead"',
    );
  });
});
