import {
  type INestApplicationContext,
  type Type,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { useContainer } from 'class-validator';
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

/**
 * Lets class-validator take the listed constraints (validators that read storage, such as "this user id
 * exists") from Nest, with their repositories injected. Every other class, class-validator's own included,
 * comes from its default container, so Nest is never asked for what it does not have (it would log an
 * error each time). class-validator keeps one container per process: the app created last provides them.
 */
export function provideValidatorsFrom(app: INestApplicationContext, constraints: readonly Type[]): void {
  useContainer(
    {
      get: (type: unknown): unknown =>
        constraints.includes(type as Type) ? app.get<unknown>(type as Type) : undefined,
    },
    { fallback: true },
  );
}
