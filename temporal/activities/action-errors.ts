import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { DomainError, ErrorCode } from '@leadflow/domain';
import type { ActionFailureDetails } from '../contracts/qualification';

// The interpreter lists these types as non-retryable too (NON_RETRYABLE_ERRORS); `nonRetryable` also holds
// when a program carries a retry policy of its own.

/** Bad input (a config that can never work): retrying cannot help. */
export function validationError(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'ValidationError', nonRetryable: true, message });
}

/** The lead (or another entity the action needs) does not exist. */
export function notFoundError(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'NotFoundError', nonRetryable: true, message });
}

/** The far side refused the effect for good (an SMTP 5xx, a webhook 4xx). */
export function rejectedError(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, nonRetryable: true, message });
}

/**
 * A domain error raised in an activity (the lead is gone, an owner unknown, a config bad) is final: a
 * non-retryable failure whose type is the error's code, which its message begins with too, so the execution's
 * error and the timeline show it. A dependency that is away stays retryable, as does every other error.
 */
export function finalDomainError(error: unknown): unknown {
  if (!(error instanceof DomainError) || error.code === ErrorCode.DEPENDENCY_UNAVAILABLE) return error;
  return ApplicationFailure.create({
    type: error.code,
    nonRetryable: true,
    message: `${error.code}: ${error.message}`,
  });
}

/** The lead a step acts on does not exist (deleted since the run started). */
export function leadGone(leadId: number): DomainError {
  return new DomainError(ErrorCode.LEAD_NOT_FOUND, `lead ${leadId} does not exist`);
}

/** A failure that may pass (a 5xx, a timeout, a dropped connection): Temporal retries with backoff. */
export function retryableError(type: string, message: string, cause?: Error): ApplicationFailure {
  return ApplicationFailure.create({ type, nonRetryable: false, message, cause });
}

/**
 * The error an action attempt ends with, carrying the attempt number in its details (the workflow reads
 * them to record how many attempts a failed step took). Type, message and retryability stay as they were;
 * Temporal's own failures (cancellation, timeouts) pass through untouched.
 */
export function withAttempt(error: unknown, attempt: number): unknown {
  const details: ActionFailureDetails[] = [{ attempt }];
  if (error instanceof ApplicationFailure) {
    return ApplicationFailure.create({
      type: error.type ?? 'Error',
      message: error.message,
      nonRetryable: error.nonRetryable === true,
      details,
      ...(error.cause ? { cause: error.cause } : {}),
    });
  }
  if (error instanceof TemporalFailure || !(error instanceof Error)) return error;
  return ApplicationFailure.create({ type: error.name, message: error.message, details, cause: error });
}
