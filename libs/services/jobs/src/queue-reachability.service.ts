import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { CONFIG, type Config } from '@leadflow/config';
import { assertQueuesConnected, whileQueuesReachable } from './queue-reachability';

/**
 * whileQueuesReachable with the configured DEPENDENCY_TIMEOUT_MS, so a service that answers requests over
 * the queues injects this instead of carrying the config and the timeout itself.
 */
@Injectable()
export class QueueReachability {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  /** Runs `work` only while every one of `queues` reaches Redis; a 503 at once otherwise. */
  run<T>(queues: readonly Queue[], work: () => Promise<T>): Promise<T> {
    return whileQueuesReachable(queues, this.config.DEPENDENCY_TIMEOUT_MS, work);
  }

  /**
   * A 503 at once when a queue has lost Redis, with no time limit on what follows: for work that also
   * waits on the database (counting 100,000 leads takes longer than DEPENDENCY_TIMEOUT_MS on FerretDB).
   */
  assertConnected(queues: readonly Queue[]): void {
    assertQueuesConnected(queues);
  }
}
