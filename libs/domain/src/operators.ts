import { MAX_REGEX_LENGTH, isOperatorName, type OperatorName } from './operator-catalog';
import { compileLinearRegex } from './linear-regex';

/**
 * The one implementation of operator semantics (DESIGN.md "Scoring semantics"). json-rules-engine's custom
 * operators and the compiled fast path both call `compileOperator`, so the two evaluators cannot disagree on
 * what an operator means; the differential test only has to prove that they combine results the same way.
 *
 * Decisions:
 * - A fact is missing when it is `undefined` or `null`. Every operator is false on a missing fact except
 *   `is_empty` (true). The negated operators (`not_equals`, `not_contains`, `not_in_list`) are false too:
 *   "not in the target list" should not reward a lead we know nothing about.
 * - Strings are trimmed and lower-cased; numbers and booleans compare through their text when the other side
 *   is text, and numerically when both sides are numeric (`"05"` equals `5`).
 * - Numeric operators compare numbers with numbers and instants with instants (a `Date` or an ISO-8601
 *   string); mixing the two kinds is false rather than comparing days with epoch milliseconds.
 * - On an array fact, `contains` is membership, `in_list` is any overlap, the string operators and
 *   `matches_regex` hold when any element does; `equals` never holds for an array.
 * - An object fact (social_profiles) `contains` a value when it has that key with a non-empty value.
 * - A malformed expected value (the DSL rejects those at write time) makes the condition false, never throws.
 */

/** A value described once so that each operator does no repeated trimming, case folding or parsing. */
export interface DescribedValue {
  readonly missing: boolean;
  /** trimmed, lower-cased text of a string, number or boolean; undefined for other kinds */
  readonly text: string | undefined;
  /** numeric value of a number or numeric string; undefined otherwise */
  readonly number: number | undefined;
  /** epoch milliseconds of a Date or ISO-8601 date(-time) string; undefined otherwise */
  readonly instant: number | undefined;
  /** described elements of an array value; undefined for other kinds */
  readonly elements: readonly DescribedValue[] | undefined;
  /** the raw value when it is a plain object (not an array, not a Date) */
  readonly object: Readonly<Record<string, unknown>> | undefined;
}

/** Tests one described fact value against an operand prepared once (see compileOperator). */
export type FactTest = (fact: DescribedValue) => boolean;

const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
// Strict ISO-8601: Date.parse alone accepts "1" or "May 3" and would turn plain text into instants.
const ISO_DATE_TEXT = /^\d{4}-\d{2}-\d{2}([tT ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([zZ]|[+-]\d{2}:?\d{2})?)?$/;

const MISSING: DescribedValue = {
  ...described(undefined, undefined, undefined, undefined, undefined),
  missing: true,
};

// One constructor keeps every DescribedValue the same shape, so the operator tests stay monomorphic.
function described(
  text: string | undefined,
  number: number | undefined,
  instant: number | undefined,
  elements: readonly DescribedValue[] | undefined,
  object: Readonly<Record<string, unknown>> | undefined,
): DescribedValue {
  return { missing: false, text, number, instant, elements, object };
}

export function describeValue(value: unknown): DescribedValue {
  if (value === undefined || value === null) return MISSING;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    const number = NUMERIC_TEXT.test(text) ? Number(text) : undefined;
    const instant = number === undefined && ISO_DATE_TEXT.test(text) ? Date.parse(value.trim()) : undefined;
    return described(text, number, Number.isNaN(instant) ? undefined : instant, undefined, undefined);
  }
  if (typeof value === 'number') {
    const number = Number.isFinite(value) ? value : undefined;
    return described(String(value).toLowerCase(), number, undefined, undefined, undefined);
  }
  if (typeof value === 'boolean') return described(String(value), undefined, undefined, undefined, undefined);
  if (value instanceof Date) {
    const instant = value.getTime();
    return described(undefined, undefined, Number.isNaN(instant) ? undefined : instant, undefined, undefined);
  }
  if (Array.isArray(value))
    return described(undefined, undefined, undefined, value.map(describeValue), undefined);
  if (typeof value === 'object') {
    return described(undefined, undefined, undefined, undefined, value as Readonly<Record<string, unknown>>);
  }
  return described(undefined, undefined, undefined, undefined, undefined);
}

/** Missing, blank text, an empty array or an object without keys. Numbers and booleans are never empty. */
export function isEmptyDescribed(value: DescribedValue): boolean {
  if (value.missing) return true;
  if (value.elements) return value.elements.length === 0;
  if (value.object) return Object.keys(value.object).length === 0;
  return value.text === '';
}

export function isEmptyValue(value: unknown): boolean {
  return isEmptyDescribed(describeValue(value));
}

/** Scalar equality: numerically when both are numeric, as instants when both are instants, else as text. */
function scalarEquals(fact: DescribedValue, expected: DescribedValue): boolean {
  if (fact.missing || expected.missing) return false;
  if (fact.number !== undefined && expected.number !== undefined) return fact.number === expected.number;
  if (fact.instant !== undefined && expected.instant !== undefined) return fact.instant === expected.instant;
  return fact.text !== undefined && fact.text === expected.text;
}

/** -1, 0 or 1 when both sides are numbers or both are instants; undefined when they cannot be ordered. */
function compareOrdered(fact: DescribedValue, expected: DescribedValue): number | undefined {
  if (fact.number !== undefined && expected.number !== undefined)
    return Math.sign(fact.number - expected.number);
  if (fact.instant !== undefined && expected.instant !== undefined) {
    return Math.sign(fact.instant - expected.instant);
  }
  return undefined;
}

/** The test holds for the fact's text, or for the text of any element of an array fact. */
function anyText(fact: DescribedValue, test: (text: string) => boolean): boolean {
  if (fact.elements) {
    for (const element of fact.elements) if (element.text !== undefined && test(element.text)) return true;
    return false;
  }
  return fact.text !== undefined && test(fact.text);
}

function contains(fact: DescribedValue, expected: DescribedValue): boolean {
  if (fact.elements) return fact.elements.some((element) => scalarEquals(element, expected));
  if (fact.object) {
    const key = expected.text;
    return Object.entries(fact.object).some(
      ([name, value]) => name.trim().toLowerCase() === key && !isEmptyValue(value),
    );
  }
  const needle = expected.text;
  return needle !== undefined && fact.text !== undefined && fact.text.includes(needle);
}

/**
 * `value => items.some(item => scalarEquals(value, item))`, answered by set lookups. It is the same relation:
 * a value with a number only ever equals numeric items (by number), one with an instant only instant items,
 * anything else only by text; and a text equal to a numeric or ISO item's text would itself be numeric or
 * an instant. The operator tests check the equivalence on random values.
 */
function listMembership(items: readonly DescribedValue[]): (value: DescribedValue) => boolean {
  const numbers = new Set<number>();
  const instants = new Set<number>();
  const texts = new Set<string>();
  for (const item of items) {
    if (item.number !== undefined) numbers.add(item.number);
    if (item.instant !== undefined) instants.add(item.instant);
    if (item.text !== undefined) texts.add(item.text);
  }
  return (value) => {
    if (value.number !== undefined) return numbers.has(value.number);
    if (value.instant !== undefined) return instants.has(value.instant);
    return value.text !== undefined && texts.has(value.text);
  };
}

function inList(items: readonly DescribedValue[]): FactTest {
  const isMember = listMembership(items);
  return (fact) => {
    if (!fact.elements) return isMember(fact);
    for (const element of fact.elements) if (isMember(element)) return true;
    return false;
  };
}

type TextTest = (text: string) => boolean;

// Patterns repeat across rules and leads; bounded so that a stream of distinct patterns cannot grow memory.
const REGEX_CACHE_LIMIT = 1000;
const compiledRegexes = new Map<string, TextTest | null>();

/** A regular expression users may store: length-capped and accepted by the linear-time engine. */
export function isSafeRegex(source: string): boolean {
  return compileSafeRegex(source) !== null;
}

function compileSafeRegex(source: string): TextTest | null {
  const cached = compiledRegexes.get(source);
  if (cached !== undefined) return cached;
  const compiled = source.length <= MAX_REGEX_LENGTH ? compileLinearRegex(source) : null;
  const test = compiled?.ok === true ? compiled.test : null;
  if (compiledRegexes.size >= REGEX_CACHE_LIMIT) compiledRegexes.clear();
  compiledRegexes.set(source, test);
  return test;
}

const never: FactTest = () => false;
const negatePresent =
  (test: FactTest): FactTest =>
  (fact) =>
    !fact.missing && !test(fact);

function ordered(expectedValue: unknown, accept: (order: number) => boolean): FactTest {
  const expected = describeValue(expectedValue);
  return (fact) => {
    const order = compareOrdered(fact, expected);
    return order !== undefined && accept(order);
  };
}

function between(range: unknown): FactTest {
  if (!Array.isArray(range) || range.length !== 2) return never;
  const low = describeValue(range[0]);
  const high = describeValue(range[1]);
  return (fact) => {
    const fromLow = compareOrdered(fact, low);
    const toHigh = compareOrdered(fact, high);
    return fromLow !== undefined && toHigh !== undefined && fromLow >= 0 && toHigh <= 0;
  };
}

function textTest(
  expectedValue: unknown,
  test: (factText: string, expectedText: string) => boolean,
): FactTest {
  const expectedText = describeValue(expectedValue).text;
  if (expectedText === undefined) return never;
  const holds = (factText: string) => test(factText, expectedText);
  return (fact) => anyText(fact, holds);
}

function regexTest(source: unknown): FactTest {
  if (typeof source !== 'string') return never;
  const holds = compileSafeRegex(source);
  if (!holds) return never;
  // The pattern is case-insensitive, so testing the folded text gives the same answers as the original
  // text while keeping one normalization for every string operator.
  return (fact) => anyText(fact, holds);
}

/**
 * Prepares `expected` once and returns the test for fact values. Unknown operators and malformed operands
 * yield a test that is always false (the DSL rejects them at write time; scoring never throws).
 */
export function compileOperator(operator: string, expected: unknown): FactTest {
  if (!isOperatorName(operator)) return never;
  switch (operator) {
    case 'is_empty':
      return isEmptyDescribed;
    case 'is_not_empty':
      return (fact) => !isEmptyDescribed(fact);
    case 'not_equals':
    case 'not_contains':
    case 'not_in_list':
      return negatePresent(compilePositiveOperator(POSITIVE_OF[operator], expected));
    default:
      // No wrapper needed: a missing value has no text, number, instant, elements or object, so every
      // positive test is already false on it (the missing-fact tests pin this down).
      return compilePositiveOperator(operator, expected);
  }
}

const POSITIVE_OF = { not_equals: 'equals', not_contains: 'contains', not_in_list: 'in_list' } as const;
type PositiveOperator = Exclude<OperatorName, 'is_empty' | 'is_not_empty' | keyof typeof POSITIVE_OF>;

function compilePositiveOperator(operator: PositiveOperator, expectedValue: unknown): FactTest {
  switch (operator) {
    case 'equals': {
      const expected = describeValue(expectedValue);
      return (fact) => !fact.elements && scalarEquals(fact, expected);
    }
    case 'contains': {
      const expected = describeValue(expectedValue);
      return (fact) => contains(fact, expected);
    }
    case 'starts_with':
      return textTest(expectedValue, (factText, expectedText) => factText.startsWith(expectedText));
    case 'ends_with':
      return textTest(expectedValue, (factText, expectedText) => factText.endsWith(expectedText));
    case 'in_list':
      return inList((Array.isArray(expectedValue) ? expectedValue : [expectedValue]).map(describeValue));
    case 'greater_than':
      return ordered(expectedValue, (order) => order > 0);
    case 'greater_than_or_equal':
      return ordered(expectedValue, (order) => order >= 0);
    case 'less_than':
      return ordered(expectedValue, (order) => order < 0);
    case 'less_than_or_equal':
      return ordered(expectedValue, (order) => order <= 0);
    case 'between':
      return between(expectedValue);
    case 'matches_regex':
      return regexTest(expectedValue);
  }
}

/** `operator(factValue, expected)` with the semantics above; never throws. */
export function evaluateOperator(operator: string, factValue: unknown, expected: unknown): boolean {
  return compileOperator(operator, expected)(describeValue(factValue));
}
