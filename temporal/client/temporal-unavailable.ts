import { isGrpcServiceError } from '@temporalio/client';
import { DomainError, ErrorCode } from '@leadflow/domain';

/** gRPC statuses that mean "Temporal did not answer": UNAVAILABLE, and DEADLINE_EXCEEDED (our own limit). */
const UNREACHABLE_CODES = new Set([14, 4]);

/**
 * Whether `error`, or any error it was caused by (the client wraps gRPC errors in ServiceError), means the
 * Temporal frontend could not be reached in time. Walked with a loop and a bound.
 */
export function isTemporalUnreachable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    if (isGrpcServiceError(current) && UNREACHABLE_CODES.has(current.code)) return true;
    current = current.cause;
  }
  return false;
}

/** The refusal of a request that needs Temporal while it is unreachable (a 503 naming it). */
export function temporalUnavailable(): DomainError {
  return new DomainError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'Temporal is unavailable; try again shortly', [
    { pointer: '', code: 'TEMPORAL_UNAVAILABLE', message: 'temporal is unreachable' },
  ]);
}
