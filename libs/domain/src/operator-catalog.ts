/**
 * The operators a rule may use, and what kind of `value` each expects. The DSL validator checks values
 * against `operand`; the engine implements the semantics (operators.ts). Both read this one list.
 */
export type OperandKind =
  /** no value (is_empty, is_not_empty); any given value is ignored */
  | 'none'
  /** a string, number or boolean */
  | 'scalar'
  /** a string (substring / prefix / suffix tests) */
  | 'string'
  /** a number, a numeric string, or an ISO-8601 date-time (compared as an instant) */
  | 'number'
  /** a non-empty array of scalars */
  | 'list'
  /** a two-element array [low, high] of numbers or dates, low <= high */
  | 'range'
  /** a regular expression source, length-capped and checked for catastrophic backtracking */
  | 'regex';

export interface OperatorSpec {
  operand: OperandKind;
  description: string;
}

export const OPERATOR_CATALOG = {
  equals: {
    operand: 'scalar',
    description: 'equal (strings trimmed, case-insensitive; numbers numerically)',
  },
  not_equals: { operand: 'scalar', description: 'not equal' },
  contains: { operand: 'scalar', description: 'substring of a string fact, or member of an array fact' },
  not_contains: { operand: 'scalar', description: 'negation of contains' },
  starts_with: { operand: 'string', description: 'string fact starts with the value' },
  ends_with: { operand: 'string', description: 'string fact ends with the value' },
  in_list: { operand: 'list', description: 'fact is one of the values (array fact: any overlap)' },
  not_in_list: { operand: 'list', description: 'negation of in_list' },
  greater_than: { operand: 'number', description: 'fact > value' },
  greater_than_or_equal: { operand: 'number', description: 'fact >= value' },
  less_than: { operand: 'number', description: 'fact < value' },
  less_than_or_equal: { operand: 'number', description: 'fact <= value' },
  between: { operand: 'range', description: 'low <= fact <= high' },
  is_empty: { operand: 'none', description: 'fact is missing, null, blank or an empty array/object' },
  is_not_empty: { operand: 'none', description: 'negation of is_empty' },
  matches_regex: {
    operand: 'regex',
    description: 'fact matches the length-capped regular expression (RE2 syntax, linear time)',
  },
} as const satisfies Record<string, OperatorSpec>;

export type OperatorName = keyof typeof OPERATOR_CATALOG;
export const OPERATOR_NAMES = Object.keys(OPERATOR_CATALOG) as OperatorName[];

export function isOperatorName(name: string): name is OperatorName {
  return Object.prototype.hasOwnProperty.call(OPERATOR_CATALOG, name);
}

/** Upper bound on a matches_regex pattern, checked at write time. */
export const MAX_REGEX_LENGTH = 200;
