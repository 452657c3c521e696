import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, ErrorCode, type FieldProblem } from '@leadflow/domain';

/** Flattens class-validator's tree into one problem per failed constraint, with a JSON pointer. */
export function problemsOf(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const pointer = `${parent}/${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([code, message]) => ({
      pointer,
      code,
      message,
    }));
    return [...own, ...problemsOf(error.children ?? [], pointer)];
  });
}

/** Unknown fields are refused, not silently dropped, so a typo in a field name is a clear 400. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid', problemsOf(errors)),
  });
}
