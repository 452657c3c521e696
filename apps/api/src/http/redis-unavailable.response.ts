import { ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { redisUnavailable } from '@leadflow/jobs';
import { ErrorBodyDto } from './error-body.dto';
import { toErrorBody } from './error-response';

/**
 * The 503 of every endpoint that reads or writes a Bull queue (see QueueReachability). The example is the
 * body the API sends, built by the same code, so it cannot drift from it.
 */
export const ApiRedisUnavailableResponse = (): MethodDecorator & ClassDecorator =>
  ApiServiceUnavailableResponse({
    description:
      'Redis is down, so the job queues cannot be read or written. Answered at once rather than waiting ' +
      'for Redis to return; `errors` holds one REDIS_UNAVAILABLE entry. Try again shortly.',
    type: ErrorBodyDto,
    example: toErrorBody(redisUnavailable('is not connected (reconnecting)')),
  });
