import { ApplicationFailure } from '@temporalio/common';

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
