import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
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
