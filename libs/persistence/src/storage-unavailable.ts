import mongoose from 'mongoose';
import { DomainError, ErrorCode } from '@leadflow/domain';

const { mongo } = mongoose;

/**
 * Driver errors that mean "the server could not be reached", as opposed to "the server refused this
 * request": no server answered in time, the connection broke, or the pool was closed under the request.
 */
const UNREACHABLE_ERROR_TYPES = [
  mongo.MongoNetworkError,
  mongo.MongoServerSelectionError,
  mongo.MongoTopologyClosedError,
  mongo.MongoNotConnectedError,
  mongo.MongoServerClosedError,
  mongo.MongoClientClosedError,
  mongo.MongoOperationTimeoutError,
];

/** Mongoose's own names for the same: the first connection failed, or a command waited out the buffer. */
const UNREACHABLE_MONGOOSE_ERROR_NAMES = new Set(['MongooseServerSelectionError']);
const BUFFERING_TIMED_OUT = /buffering timed out after \d+ ?ms/;

function isUnreachableHere(error: Error): boolean {
  return (
    UNREACHABLE_ERROR_TYPES.some((type) => error instanceof type) ||
    UNREACHABLE_MONGOOSE_ERROR_NAMES.has(error.name) ||
    (error.name === 'MongooseError' && BUFFERING_TIMED_OUT.test(error.message))
  );
}

/**
 * Whether `error`, or any error it was caused by, means the MongoDB-wire server is unreachable. Walked
 * with a loop and a bound, since a `cause` chain is data we did not build.
 */
export function isStorageUnreachable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    if (isUnreachableHere(current)) return true;
    current = current.cause;
  }
  return false;
}

/**
 * The refusal of a request while the storage server is unreachable (a 503). The driver's own text
 * (addresses, ports) stays in the log; the body says only which dependency it is.
 */
export function storageUnavailable(): DomainError {
  return new DomainError(
    ErrorCode.DEPENDENCY_UNAVAILABLE,
    'The storage server (MongoDB) is unavailable; try again shortly',
    [{ pointer: '', code: 'STORAGE_UNAVAILABLE', message: 'storage is unreachable' }],
  );
}
