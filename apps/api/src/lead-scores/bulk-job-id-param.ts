import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { publishRunNumber } from '@leadflow/scoring';
import { isIntegerId } from '../http/id-param';
const MESSAGE = 'job_id must be a positive integer or a publish rescoring id (publish-rescoring-7)';

/**
 * A bulk run's job id: the integer bulk_calculate answered, or the id of a rescoring a publish started
 * (`publish-rescoring-<n>`, named by the publish's response). Anything else is a 400 naming the parameter.
 */
export function parseBulkJobId(value: unknown): string {
  if (isIntegerId(value) || (typeof value === 'string' && publishRunNumber(value) !== null)) return value;
  throw new DomainError(ErrorCode.VALIDATION_FAILED, MESSAGE, [
    { pointer: '/job_id', code: 'isBulkJobId', message: MESSAGE },
  ]);
}

const rawBulkJobId = createParamDecorator((_name: unknown, context: ExecutionContext): string =>
  parseBulkJobId(context.switchToHttp().getRequest<Request>().params.job_id),
);

/** `@BulkJobIdParam() jobId: string` for `:job_id`, documented with both forms. */
export function BulkJobIdParam(): ParameterDecorator {
  return (target, method, index) => {
    rawBulkJobId()(target, method, index);
    const descriptor = method === undefined ? undefined : Object.getOwnPropertyDescriptor(target, method);
    if (method !== undefined && descriptor) {
      ApiParam({
        name: 'job_id',
        schema: { type: 'string', pattern: '^([1-9][0-9]{0,14}|publish-rescoring-[1-9][0-9]{0,14})$' },
        example: '42',
        description:
          'The id bulk_calculate answered (an integer), or a publish rescoring id (publish-rescoring-7).',
      })(target, method, descriptor);
    }
  };
}
