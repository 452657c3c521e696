import { describe, expect, it } from 'vitest';
import { changeText, isEmptyDiff, sectionLines } from './diff-text';

describe('version diff text', () => {
  it('prints one changed value as old → new, not two documents', () => {
    expect(changeText({ field: 'points', from: 20, to: 25 })).toBe('points: 20 → 25');
    expect(changeText({ field: 'description', to: 'new' })).toBe('description: (none) → "new"');
  });

  it('lists added, removed and changed items by name', () => {
    const section = {
      added: [{ name: 'Decision Maker' }],
      removed: [{ name: 'Recent Activity' }],
      changed: [{ id: 3, name: 'Target Industry', fields: [{ field: 'points', from: 20, to: 25 }] }],
    };
    expect(sectionLines(section)).toEqual([
      'added: Decision Maker',
      'removed: Recent Activity',
      'Target Industry: points: 20 → 25',
    ]);
    const none = { added: [], removed: [], changed: [] };
    expect(isEmptyDiff({ from: 1, to: 2, ...none, criteria: none })).toBe(true);
    expect(isEmptyDiff({ from: 1, to: 2, ...section, criteria: none })).toBe(false);
  });
});
