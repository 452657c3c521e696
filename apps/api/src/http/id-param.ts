import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError, ErrorCode } from '@leadflow/domain';

const INTEGER_ID = /^[1-9]\d{0,14}$/;

/** A path segment that is a positive integer in plain digits. */
export function isIntegerId(value: unknown): value is string {
  return typeof value === 'string' && INTEGER_ID.test(value);
}

/** Path ids are positive integers in plain digits; anything else is a 400 naming the parameter. */
export function parseId(name: string, value: unknown): number {
  if (!isIntegerId(value)) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `${name} must be a positive integer`, [
      { pointer: `/${name}`, code: 'isInt', message: `${name} must be a positive integer` },
    ]);
  }
  return Number(value);
}

const rawIdParam = createParamDecorator((name: string, context: ExecutionContext): number =>
  parseId(name, context.switchToHttp().getRequest<Request>().params[name]),
);

/**
 * `@IdParam() id: number` for `:id`, or `@IdParam('lead_id')`, documented as an integer path parameter. It
 * reads the raw path segment itself: the global ValidationPipe would turn "1e3" into 1000 before a
 * parameter pipe could see it.
 */
export function IdParam(name = 'id'): ParameterDecorator {
  return (target, method, index) => {
    rawIdParam(name)(target, method, index);
    const descriptor = method === undefined ? undefined : Object.getOwnPropertyDescriptor(target, method);
    if (method !== undefined && descriptor) {
      ApiParam({ name, type: 'integer', example: 123, description: 'Positive integer id.' })(
        target,
        method,
        descriptor,
      );
    }
  };
}
