import type { QueueOptions } from 'bull';
import type { Config } from '@leadflow/config';

/**
 * Bull's blocking and subscriber clients must wait out a Redis restart instead of failing their commands:
 * `maxRetriesPerRequest: null` and `enableReadyCheck: false` (Bull 4 refuses to start without them).
 * Bull creates the clients itself from these options, so that `queue.close()` also closes them (clients
 * handed over through `createClient` are never closed by Bull).
 */
export const QUEUE_REDIS_OPTIONS = {
  maxRetriesPerRequest: null,
  enableReadyCheck: false,
  retryStrategy: (attempt: number) => Math.min(attempt * 200, 5_000),
} as const;

/**
 * Stalled jobs: a worker holds a lock on each job it runs and renews it every `lockDuration / 2`. When a
 * worker dies (SIGKILL, lost host) its lock expires, and within `stalledInterval` another worker moves the
 * job back to waiting and runs it again; jobs are idempotent, so a second run is safe. A job that stalls
 * more than `maxStalledCount` times (it kills its worker, say) fails instead of looping forever.
 */
export const QUEUE_STALLED_SETTINGS = {
  lockDuration: 30_000,
  stalledInterval: 15_000,
  maxStalledCount: 2,
} as const;

/** Options for every Bull queue of this deployment: its Redis URL, key prefix, client and stalled-job settings. */
export function bullQueueOptions(
  config: Pick<Config, 'REDIS_URL' | 'REDIS_PREFIX'>,
): QueueOptions & { url: string } {
  return {
    url: config.REDIS_URL,
    prefix: config.REDIS_PREFIX,
    redis: { ...QUEUE_REDIS_OPTIONS },
    settings: { ...QUEUE_STALLED_SETTINGS },
  };
}
