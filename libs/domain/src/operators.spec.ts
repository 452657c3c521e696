import fc from 'fast-check';
import { MAX_REGEX_LENGTH, OPERATOR_NAMES } from './operator-catalog';
import { evaluateOperator, isEmptyValue, isSafeRegex } from './operators';

type Row = [operator: string, fact: unknown, expected: unknown, result: boolean];

const table: Row[] = [
  // equals / not_equals: trimmed, case-insensitive, numeric strings numerically
  ['equals', '  SaaS ', 'saas', true],
  ['equals', 'SaaS', 'Saa', false],
  ['equals', 5, '5', true],
  ['equals', '05', 5, true],
  ['equals', '5.0', '5', true],
  ['equals', true, 'TRUE', true],
  ['equals', '201-500', '201-500', true],
  ['equals', ['SaaS'], 'SaaS', false],
  ['equals', '2025-01-01', '2025-01-01T00:00:00Z', true],
  ['not_equals', 'Finance', 'saas', true],
  ['not_equals', ' saas', 'SAAS', false],
  ['not_equals', ['a'], 'a', true],
  // contains: substring of text, membership of arrays, key of objects
  ['contains', 'Director of Engineering', 'director', true],
  ['contains', 'VP Sales', 'director', false],
  ['contains', ['React', 'Node.js'], ' react ', true],
  ['contains', ['React-Native'], 'react', false],
  ['contains', [1, 2, 3], '2', true],
  ['contains', { LinkedIn: 'https://x' }, 'linkedin', true],
  ['contains', { linkedin: '' }, 'linkedin', false],
  ['contains', 12345, 234, true],
  ['not_contains', 'VP Sales', 'director', true],
  ['not_contains', ['React'], 'react', false],
  // starts_with / ends_with
  ['starts_with', '  Director of X', 'director', true],
  ['starts_with', 'Sr Director', 'director', false],
  ['starts_with', ['Mr X', 'Dr Y'], 'dr', true],
  ['ends_with', 'jane@ACME.com ', '@acme.com', true],
  ['ends_with', 'jane@acme.org', '@acme.com', false],
  // in_list / not_in_list: scalar membership, array overlap
  ['in_list', 'saas', ['SaaS', 'Enterprise Software'], true],
  ['in_list', ' Enterprise software', ['SaaS', 'Enterprise Software'], true],
  ['in_list', 'Retail', ['SaaS'], false],
  ['in_list', ['Go', 'Rust'], ['rust', 'zig'], true],
  ['in_list', ['Go'], ['rust'], false],
  ['in_list', [], ['rust'], false],
  ['in_list', 50, ['50', '100'], true],
  ['not_in_list', 'Retail', ['SaaS'], true],
  ['not_in_list', 'saas', ['SaaS'], false],
  // numeric operators: numeric strings numerically, instants as instants, kinds never mixed
  ['greater_than', 5, 3, true],
  ['greater_than', '5', '3', true],
  ['greater_than', '10', '9', true],
  ['greater_than', 3, 3, false],
  ['greater_than_or_equal', 3, '3', true],
  ['less_than', 3, 30, true],
  ['less_than', ' 29.5 ', 30, true],
  ['less_than_or_equal', 30, '30', true],
  ['greater_than', '201-500', 100, false],
  ['greater_than', 'lots', 1, false],
  ['greater_than', '2025-06-01T00:00:00Z', '2025-01-01', true],
  ['less_than', new Date('2024-12-31T23:59:59Z'), '2025-01-01T00:00:00Z', true],
  ['greater_than', 1735689600001, '2025-01-01T00:00:00Z', false],
  ['between', 5, [1, 10], true],
  ['between', 10, ['1', '10'], true],
  ['between', 11, [1, 10], false],
  ['between', '2025-03-01', ['2025-01-01', '2025-12-31T23:59:59Z'], true],
  ['between', 5, [1], false],
  // emptiness
  ['is_empty', '   ', null, true],
  ['is_empty', [], null, true],
  ['is_empty', {}, null, true],
  ['is_empty', 0, null, false],
  ['is_empty', false, null, false],
  ['is_empty', 'x', null, false],
  ['is_not_empty', 'x', null, true],
  ['is_not_empty', '', null, false],
  // regex: case-insensitive on the trimmed text, any element of an array
  ['matches_regex', ' VP of Sales ', '^vp\\b', true],
  ['matches_regex', 'Head of Sales', '^vp\\b', false],
  ['matches_regex', ['a@gmail.com', 'b@corp.io'], '@corp\\.io$', true],
  ['matches_regex', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', '(a+)+$', false],
  ['matches_regex', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaab', '(a+)(a+)(a+)(a+)(a+)(a+)(a+)b', true],
  ['matches_regex', 'abab', '(a)\\1', false],
  ['matches_regex', 'abc', '(', false],
  ['matches_regex', 'abc', 'a'.repeat(MAX_REGEX_LENGTH + 1), false],
  // malformed operands and unknown operators are false, never thrown
  ['greater_than', 5, 'lots', false],
  ['starts_with', 'abc', ['a'], false],
  ['in_list', 'a', 'a', true],
  ['no_such_operator', 'a', 'a', false],
];

describe('evaluateOperator', () => {
  it.each(table)('%s(%j, %j) is %s', (operator, fact, expected, result) => {
    expect(evaluateOperator(operator, fact, expected)).toBe(result);
  });

  it.each(OPERATOR_NAMES)('%s on a missing fact is false (is_empty: true) and never throws', (operator) => {
    const expected = operator === 'between' ? [1, 2] : operator.includes('list') ? ['a'] : 'a';
    for (const missing of [undefined, null]) {
      expect(evaluateOperator(operator, missing, expected)).toBe(operator === 'is_empty');
    }
  });

  it('never throws for any operator and any odd pair of values', () => {
    const odd: unknown[] = [
      undefined,
      null,
      NaN,
      Infinity,
      '',
      ' ',
      [],
      {},
      [null],
      new Date('nope'),
      () => 1,
      Symbol('s'),
    ];
    for (const operator of OPERATOR_NAMES) {
      for (const fact of odd) {
        for (const expected of odd) expect(typeof evaluateOperator(operator, fact, expected)).toBe('boolean');
      }
    }
  });
});

describe('isSafeRegex', () => {
  it('accepts what the linear-time engine compiles, backtracking shapes included, within the length cap', () => {
    for (const pattern of [
      '^(vp|director)\\b',
      '(a+)+$',
      '(a|aa)+$',
      '(a+)(a+)(a+)(a+)(a+)(a+)(a+)b',
      '(?<t>vp)',
    ])
      expect([pattern, isSafeRegex(pattern)]).toEqual([pattern, true]);
    expect(isSafeRegex('a'.repeat(MAX_REGEX_LENGTH))).toBe(true);
    expect(isSafeRegex('a'.repeat(MAX_REGEX_LENGTH + 1))).toBe(false);
  });

  it('rejects what RE2 cannot run: syntax errors, backreferences and lookaround', () => {
    for (const pattern of ['[', '(', '(a)\\1', '^(?=.*vp)', 'x(?!y)', '(?<=a)b', '(?<!a)b'])
      expect([pattern, isSafeRegex(pattern)]).toEqual([pattern, false]);
  });
});

describe('isEmptyValue', () => {
  it('treats missing, blank, [] and {} as empty and 0/false as values', () => {
    expect([undefined, null, '', '  ', [], {}].map(isEmptyValue)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([0, false, 'a', ['a'], { a: 1 }].map(isEmptyValue)).toEqual([false, false, false, false, false]);
  });
});

describe('in_list', () => {
  const scalar = fc.oneof(
    fc.constantFrom(
      '5',
      ' 05 ',
      '5.0',
      '1e1',
      '10',
      'SaaS',
      ' saas ',
      '2025-01-01',
      '2025-01-01T00:00:00Z',
      '',
      'true',
      'Infinity',
    ),
    fc.constantFrom(5, 10, 0, -0, 2.5, Infinity, NaN, true, false, null),
    fc.constantFrom(new Date('2025-01-01T00:00:00Z'), new Date('nope')),
  );

  it('is exactly "equals some item" for scalar facts and "some element is in the list" for arrays', () => {
    fc.assert(
      fc.property(scalar, fc.array(scalar, { maxLength: 5 }), (fact, list) => {
        expect(evaluateOperator('in_list', fact, list)).toBe(
          list.some((item) => evaluateOperator('equals', fact, item)),
        );
      }),
      { numRuns: 3_000 },
    );
    fc.assert(
      fc.property(fc.array(scalar, { maxLength: 4 }), fc.array(scalar, { maxLength: 5 }), (facts, list) => {
        const expected = facts.some((fact) => list.some((item) => evaluateOperator('equals', fact, item)));
        expect(evaluateOperator('in_list', facts, list)).toBe(expected);
      }),
      { numRuns: 3_000 },
    );
  });
});
