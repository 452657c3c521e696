import type { Queue } from 'bull';
import { DomainError, ErrorCode } from '@leadflow/domain';

/** The refusal of a queue call while Redis is down (a 503); `detail` says how, after "redis ". */
export function redisUnavailable(detail: string): DomainError {
  return new DomainError(
    ErrorCode.DEPENDENCY_UNAVAILABLE,
    'Redis is unavailable, so the job queues cannot be read or written; try again shortly',
    [{ pointer: '', code: 'REDIS_UNAVAILABLE', message: `redis ${detail}` }],
  );
}

/**
 * Client states in which Redis is known to be lost: the client waits to reconnect, or gave up. A client
 * still making its first connection (`wait`, `connecting`, `connect`) is given the timeout instead.
 */
const LOST = new Set(['reconnecting', 'close', 'end']);

/** Refuses at once (a 503) when a queue's client has lost Redis. */
export function assertQueuesConnected(queues: readonly Queue[]): void {
  const down = queues.find((queue) => LOST.has(queue.client.status));
  if (down) throw redisUnavailable(`is not connected (${down.client.status})`);
}

/**
 * Runs a request's queue calls only while Redis answers. Bull's clients wait out a Redis restart
 * (`maxRetriesPerRequest: null`), which the worker needs, but which would hold an API request open until
 * Redis is back: so a queue whose client lost Redis refuses at once (DEPENDENCY_UNAVAILABLE, a 503)
 * and sends nothing, and calls still unanswered after `timeoutMs` (Redis lost mid-request) refuse too.
 * Such calls stay in the client's queue and may still take effect once Redis returns.
 */
export async function whileQueuesReachable<T>(
  queues: readonly Queue[],
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  assertQueuesConnected(queues);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(redisUnavailable(`did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
