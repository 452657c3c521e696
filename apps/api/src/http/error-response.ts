import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError, ErrorCode, type FieldProblem } from '@leadflow/domain';
import { duplicateKeyConflict, isStorageUnreachable, storageUnavailable } from '@leadflow/persistence';
import { isTemporalUnreachable, temporalUnavailable } from '@leadflow/temporal/client';

/** The one error body of the API: every 4xx and 5xx looks like this. */
export interface ErrorBody {
  status_code: number;
  error: string;
  message: string;
  /** `pointer` (into the request body) comes with a field that names an item of a rule set by its name */
  errors: { field: string; message: string; code?: string; pointer?: string }[];
}

const STATUS_OF_CODE: Record<ErrorCode, HttpStatus> = {
  [ErrorCode.VALIDATION_FAILED]: HttpStatus.BAD_REQUEST,
  [ErrorCode.RULE_INVALID]: HttpStatus.BAD_REQUEST,
  [ErrorCode.WORKFLOW_INVALID]: HttpStatus.BAD_REQUEST,
  [ErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [ErrorCode.LEAD_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [ErrorCode.RULE_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [ErrorCode.CONFLICT]: HttpStatus.CONFLICT,
  [ErrorCode.UNAUTHORIZED]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.FORBIDDEN]: HttpStatus.FORBIDDEN,
  [ErrorCode.DEPENDENCY_UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
};

/** "/conditions/all/0/value" -> "conditions.all.0.value"; the root is "". */
export function fieldOfPointer(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/**
 * A refusal of the body as a whole (malformed JSON, a body over the limit) has no field to name; it is
 * listed at the root, so a client that reads `errors` sees every problem without also reading `message`.
 */
const WHOLE_BODY_PROBLEM: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'INVALID_BODY',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'BODY_TOO_LARGE',
};

function body(status: number, message: string, given: readonly FieldProblem[] = []): ErrorBody {
  const wholeBody = WHOLE_BODY_PROBLEM[status];
  const problems =
    given.length === 0 && wholeBody !== undefined ? [{ pointer: '', code: wholeBody, message }] : given;
  return {
    status_code: status,
    error: statusText(status),
    message,
    errors: problems.map((problem) => ({
      field: problem.field ?? fieldOfPointer(problem.pointer),
      message: problem.message,
      code: problem.code,
      ...(problem.field === undefined ? {} : { pointer: problem.pointer }),
    })),
  };
}

function statusText(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

interface BodyParserError {
  type: string;
  status: number;
  message: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { type?: unknown }).type === 'string' &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

/** mongoose's refusals of a value before it is sent: the request's fault, a 400. */
function isMongooseRefusal(error: unknown): error is Error {
  return error instanceof Error && ['CastError', 'ValidationError', 'StrictModeError'].includes(error.name);
}

/** Maps anything thrown while handling a request to a status and the one error body. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof DomainError) return body(STATUS_OF_CODE[error.code], error.message, error.problems);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'object' && 'message' in response
        ? [response.message].flat().join('; ')
        : error.message;
    return body(status, message);
  }
  if (isStorageUnreachable(error)) return toErrorBody(storageUnavailable());
  if (isTemporalUnreachable(error)) return toErrorBody(temporalUnavailable());
  if (isBodyParserError(error)) {
    const message =
      error.type === 'entity.parse.failed' ? `Malformed JSON body: ${error.message}` : error.message;
    return body(error.status >= 400 && error.status < 500 ? error.status : 400, message);
  }
  const conflict = duplicateKeyConflict(error);
  if (conflict) return toErrorBody(conflict);
  if (isMongooseRefusal(error)) return body(400, error.message);
  return body(500, 'Internal server error');
}

/**
 * What a caller without valid credentials learns of an outage: that there is one, not which server or why
 * (the log has both). Authenticated callers get the body naming the dependency.
 */
export function anonymousUnavailableBody(): ErrorBody {
  return body(
    HttpStatus.SERVICE_UNAVAILABLE,
    'A service the API depends on is unavailable; try again shortly',
    [{ pointer: '', code: 'DEPENDENCY_UNAVAILABLE', message: 'a dependency is unavailable' }],
  );
}
