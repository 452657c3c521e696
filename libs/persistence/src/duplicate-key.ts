import { DomainError, ErrorCode } from '@leadflow/domain';
import { isDuplicateKeyError } from './sequential-ids';

/**
 * A write the server refused because a unique index already holds its value, as the 409 a request gets:
 * the fields the server names (MongoDB does, FerretDB not always), each as a problem. null for any other
 * error. Repositories that must tell such refusals apart (a taken id, a taken name) catch them first; this
 * is the meaning of the ones that reach a request. Not thrown by persistence itself: activities and jobs
 * retry a raw duplicate-key error (a race that the next attempt settles), and a DomainError would end them.
 */
export function duplicateKeyConflict(error: unknown): DomainError | null {
  if (!(error instanceof Error) || error.name !== 'MongoServerError' || !isDuplicateKeyError(error)) {
    return null;
  }
  const fields = Object.keys((error as { keyValue?: Record<string, unknown> }).keyValue ?? {});
  return new DomainError(
    ErrorCode.CONFLICT,
    'A record with the same unique value exists',
    fields.map((field) => ({ pointer: `/${field}`, code: 'DUPLICATE', message: `${field} must be unique` })),
  );
}
