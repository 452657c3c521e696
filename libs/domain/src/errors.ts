/**
 * The one error type that domain code, DSL code and services throw. It is mapped once to HTTP (the API's
 * exception filter) and once to Temporal (ApplicationFailure, non-retryable for validation errors).
 */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  RULE_INVALID = 'RULE_INVALID',
  WORKFLOW_INVALID = 'WORKFLOW_INVALID',
  NOT_FOUND = 'NOT_FOUND',
  LEAD_NOT_FOUND = 'LEAD_NOT_FOUND',
  RULE_NOT_FOUND = 'RULE_NOT_FOUND',
  CONFLICT = 'CONFLICT',
  UNAUTHORIZED = 'UNAUTHORIZED',
  FORBIDDEN = 'FORBIDDEN',
  DEPENDENCY_UNAVAILABLE = 'DEPENDENCY_UNAVAILABLE',
}

/** One problem in a document: where (JSON pointer, "" for the root), what kind, and a sentence for humans. */
export interface FieldProblem {
  pointer: string;
  code: string;
  message: string;
  /**
   * Where, as a person wrote it, when the pointer runs through a named item of a rule set:
   * `criteria["Marketing Qualified Lead"].minimum_score` for `/criteria/3/minimum_score`.
   */
  field?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly problems: readonly FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
