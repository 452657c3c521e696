import fc from 'fast-check';
import { bodyProblems } from './body-gate';

const LIMITS = { maxDepth: 32, maxKeys: 1_000 };
const codesOf = (value: unknown) => bodyProblems(value, LIMITS).map((problem) => problem.code);

describe('bodyProblems', () => {
  it('accepts an ordinary body, nested up to the limit (the body itself is the first level)', () => {
    let nested: unknown = 'leaf';
    for (let level = 1; level < LIMITS.maxDepth; level += 1) nested = { level: nested };
    expect(bodyProblems({ first_name: 'Ada', tags: ['a', { b: [1, 2.5, -3] }], nested }, LIMITS)).toEqual([]);
  });

  it('refuses nesting past the limit once, at the first level too deep, without recursion', () => {
    const deepObject = JSON.parse(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`) as unknown;
    const problems = bodyProblems(deepObject, LIMITS);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'TOO_DEEP', pointer: '/a'.repeat(LIMITS.maxDepth) });
  });

  it('refuses NUL and lone surrogates in strings and keys, naming each place', () => {
    const problems = bodyProblems(
      { name: 'a\u0000b', ok: '😀', list: ['x', '\ud800'], custom_fields: { 'k\u0000': 1, ['\udc00']: 2 } },
      LIMITS,
    );
    expect(problems.map((problem) => [problem.pointer, problem.code])).toEqual([
      ['/name', 'INVALID_TEXT'],
      ['/list/1', 'INVALID_TEXT'],
      ['/custom_fields/k\u0000', 'INVALID_TEXT'],
      ['/custom_fields/\udc00', 'INVALID_TEXT'],
    ]);
  });

  it('refuses integers outside the safe range, not numbers in general', () => {
    // What JSON.parse makes of 9007199254740993, the lead_id the issue saw rounded.
    const rounded = JSON.parse('9007199254740993') as number;
    expect(codesOf({ a: rounded, b: -(2 ** 60), c: 1e308 })).toEqual([
      'UNSAFE_INTEGER',
      'UNSAFE_INTEGER',
      'UNSAFE_INTEGER',
    ]);
    expect(codesOf({ a: Number.MAX_SAFE_INTEGER, b: 1.5, c: -0.25, d: 1e-300 })).toEqual([]);
  });

  it('refuses $-keys, prototype keys, dotted keys and arrays inside arrays', () => {
    expect(codesOf(JSON.parse('{"$where": 1, "a": {"__proto__": 1}, "b.c": 1, "d": [[1]]}'))).toEqual([
      'FORBIDDEN_KEY',
      'FORBIDDEN_KEY',
      'FORBIDDEN_KEY',
      'NESTED_ARRAY',
    ]);
  });

  it('stops counting at the key limit with one problem for the whole body', () => {
    const wide = Object.fromEntries(Array.from({ length: 2_000 }, (_, index) => [`k${index}`, '\u0000']));
    const problems = bodyProblems(wide, LIMITS);
    expect(problems.at(-1)).toEqual(expect.objectContaining({ pointer: '', code: 'TOO_MANY_KEYS' }));
  });
  it('never throws, and finds exactly one TOO_DEEP in any nesting past the limit', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(Array.isArray(bodyProblems(value, LIMITS))).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: LIMITS.maxDepth + 1, max: 50_000 }), fc.boolean(), (depth, arrays) => {
        let nested: unknown = 'leaf';
        for (let level = 0; level < depth; level += 1)
          nested = arrays && level % 2 === 0 ? [nested] : { a: nested };
        expect(bodyProblems(nested, LIMITS).filter((problem) => problem.code === 'TOO_DEEP')).toHaveLength(1);
      }),
      { numRuns: 30 },
    );
  });
});
