import { describe, expect, it } from 'vitest';
import { placeProblems, pointerOf } from './server-problems';

// {"name": "x", "conditions": {"all": [{"fact": "industry", "value": 3}]}} with hand-measured offsets
const NODES = new Map([
  ['', { keyFrom: 0, keyTo: 0, valueFrom: 0, valueTo: 120 }],
  ['/name', { keyFrom: 2, keyTo: 8, valueFrom: 10, valueTo: 13 }],
  ['/conditions', { keyFrom: 16, keyTo: 28, valueFrom: 30, valueTo: 118 }],
  ['/conditions/all', { keyFrom: 32, keyTo: 37, valueFrom: 39, valueTo: 60 }],
  ['/conditions/all/0', { keyFrom: 40, keyTo: 40, valueFrom: 40, valueTo: 59 }],
  ['/conditions/all/0/value', { keyFrom: 50, keyTo: 57, valueFrom: 52, valueTo: 53 }],
]);

describe('placeProblems', () => {
  it('turns dotted fields into JSON pointers, escaping ~ and /', () => {
    expect(pointerOf('conditions.all.0.value')).toBe('/conditions/all/0/value');
    expect(pointerOf('a/b.c~d')).toBe('/a~1b/c~0d');
    expect(pointerOf('')).toBe('');
  });

  it("marks a leaf problem on the field's value", () => {
    expect(placeProblems([{ field: 'conditions.all.0.value', message: 'must be text' }], NODES)).toEqual([
      { from: 52, to: 53, message: 'conditions.all.0.value: must be text' },
    ]);
  });

  it('falls back to the nearest node the text has, and a long object is marked at its key', () => {
    expect(placeProblems([{ field: 'conditions.all.0.operator', message: 'is required' }], NODES)).toEqual([
      { from: 40, to: 59, message: 'conditions.all.0.operator: is required' },
    ]);
    expect(placeProblems([{ field: 'conditions.nope.3', message: 'unknown' }], NODES)).toEqual([
      { from: 16, to: 28, message: 'conditions.nope.3: unknown' },
    ]);
  });

  it('puts document problems at the start', () => {
    expect(placeProblems([{ field: '', message: 'not a rule' }], NODES)).toEqual([
      { from: 0, to: 1, message: 'not a rule' },
    ]);
    expect(placeProblems([{ field: 'x', message: 'gone' }], new Map())).toEqual([
      { from: 0, to: 1, message: 'gone' },
    ]);
  });
});
