import { DomainError, type ErrorCode, type FieldProblem } from '@leadflow/domain';

/**
 * Every problem code the DSL reports. Codes are stable (fixtures, clients and the API's 400 bodies depend on
 * them); messages are for humans and may change.
 */
export const ProblemCode = {
  REQUIRED: 'REQUIRED',
  UNKNOWN_FIELD: 'UNKNOWN_FIELD',
  DANGEROUS_KEY: 'DANGEROUS_KEY',
  INVALID_TYPE: 'INVALID_TYPE',
  INVALID_ENUM: 'INVALID_ENUM',
  UNKNOWN_OPERATOR: 'UNKNOWN_OPERATOR',
  TOO_LONG: 'TOO_LONG',
  TOO_SHORT: 'TOO_SHORT',
  TOO_MANY_ITEMS: 'TOO_MANY_ITEMS',
  TOO_FEW_ITEMS: 'TOO_FEW_ITEMS',
  DUPLICATE_ITEMS: 'DUPLICATE_ITEMS',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  INVALID_FORMAT: 'INVALID_FORMAT',
  INVALID_SHAPE: 'INVALID_SHAPE',
  VALUE_REQUIRED: 'VALUE_REQUIRED',
  VALUE_TYPE_MISMATCH: 'VALUE_TYPE_MISMATCH',
  MALFORMED_JSON_VALUE: 'MALFORMED_JSON_VALUE',
  INVALID_RANGE: 'INVALID_RANGE',
  /** a list whose items must be ordered is not (score decay steps) */
  INVALID_ORDER: 'INVALID_ORDER',
  EMPTY_LIST: 'EMPTY_LIST',
  UNKNOWN_FACT: 'UNKNOWN_FACT',
  /** an operator that can never hold on the fact's type (greater_than on a boolean or list fact) */
  OPERATOR_FACT_TYPE_MISMATCH: 'OPERATOR_FACT_TYPE_MISMATCH',
  INVALID_REGEX: 'INVALID_REGEX',
  REGEX_TOO_LONG: 'REGEX_TOO_LONG',
  UNSUPPORTED_REGEX: 'UNSUPPORTED_REGEX',
  TOO_DEEP: 'TOO_DEEP',
  TOO_MANY_LEAVES: 'TOO_MANY_LEAVES',
  TOO_MANY_STEPS: 'TOO_MANY_STEPS',
  INVALID_CRON: 'INVALID_CRON',
  INVALID_TIMEZONE: 'INVALID_TIMEZONE',
  INVALID_DURATION: 'INVALID_DURATION',
  RESERVED_STAGE: 'RESERVED_STAGE',
  READ_ONLY_FIELD: 'READ_ONLY_FIELD',
  TRIGGER_NEVER_FIRES: 'TRIGGER_NEVER_FIRES',
  DUPLICATE_NAME: 'DUPLICATE_NAME',
  /** two files of one rule set both set the scoring settings */
  DUPLICATE_SETTINGS: 'DUPLICATE_SETTINGS',
  NOT_AN_OBJECT: 'NOT_AN_OBJECT',
  UNKNOWN_DOCUMENT_KIND: 'UNKNOWN_DOCUMENT_KIND',
  INVALID_JSON: 'INVALID_JSON',
} as const;
export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

/** The result of every validator: the normalized document when there is no problem, every problem otherwise. */
export type ValidationResult<T> =
  { ok: true; problems: []; value: T } | { ok: false; problems: FieldProblem[]; value?: undefined };

export function resultOf<T>(problems: FieldProblem[], build: () => T): ValidationResult<T> {
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, problems: [], value: build() };
}

/** RFC 6901: "~" and "/" inside a key are escaped so that a pointer always splits back into the same keys. */
export function childPointer(parent: string, key: string | number): string {
  const escaped = String(key).replace(/~/g, '~0').replace(/\//g, '~1');
  return `${parent}/${escaped}`;
}

export function problem(pointer: string, code: ProblemCode, message: string): FieldProblem {
  return { pointer, code, message };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasOwn(record: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/**
 * The value of a successful validation, or the DomainError that services throw for a failed one (mapped once
 * to HTTP 400 / a non-retryable Temporal failure), carrying every problem.
 */
export function valueOrThrow<T>(result: ValidationResult<T>, code: ErrorCode, what: string): T {
  if (result.ok) return result.value;
  const count = result.problems.length;
  throw new DomainError(code, `${what} has ${count} problem${count === 1 ? '' : 's'}`, result.problems);
}
