import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { registeredQueues } from './registered-queues';

/**
 * On shutdown, every queue stops taking jobs, finishes those it runs and hands back those it holds but will
 * not run, before @nestjs/bull closes the queues (onApplicationShutdown). Without it a job fetched during
 * the stop stayed active under this worker's lock, and no other worker could run it until the lock expired.
 * The process's shutdown deadline bounds the wait.
 */
@Injectable()
export class QueueShutdown implements BeforeApplicationShutdown {
  constructor(private readonly moduleRef: ModuleRef) {}

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(registeredQueues(this.moduleRef).map(({ queue }) => pauseAndDrain(queue)));
  }
}

/** What Bull keeps on a queue and leaves out of its typings: the slots' promises and the lock token. */
interface QueueInternals {
  readonly processing?: Record<string, Promise<unknown>> | Promise<unknown>[];
  readonly token?: string;
  toKey(name: string): string;
}

/**
 * Pauses the queue locally and waits until nothing runs, then hands back the jobs it holds without running:
 * - `pause(true)` waits only for the slot promises it sees at that instant, and a slot that has just
 *   finished a job may register its next fetch a moment later, so it waits across turns of the event loop
 *   until a turn shows no slot promise it has not waited for;
 * - Bull fetches a slot's next job as it completes one (moveToCompleted moves it to active and locks it),
 *   and a slot that then finds the queue paused parks with that job, which nobody runs: see releaseParkedJobs.
 */
export async function pauseAndDrain(queue: Queue): Promise<void> {
  await queue.pause(true);
  const waitedFor = new Set(slotPromises(queue));
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    const fresh = slotPromises(queue).filter((slot) => !waitedFor.has(slot));
    if (fresh.length === 0) break;
    for (const slot of fresh) waitedFor.add(slot);
    // Also cuts the blocking fetch connection, so an idle fresh slot settles at once.
    await queue.whenCurrentJobsFinished();
  }
  await releaseParkedJobs(queue);
}

/**
 * Once the queue runs nothing, every active job under this queue's lock token is one it fetched and parked:
 * each goes back to the head of the wait list, unlocked, in one atomic step that holds only while the lock
 * is still ours.
 */
const RELEASE_PARKED_JOB = `
if redis.call('GET', KEYS[3]) == ARGV[1] then
  redis.call('LREM', KEYS[1], 1, ARGV[2])
  redis.call('RPUSH', KEYS[2], ARGV[2])
  redis.call('DEL', KEYS[3])
  return 1
end
return 0`;

async function releaseParkedJobs(queue: Queue): Promise<void> {
  const internals = queue as unknown as QueueInternals;
  const token = internals.token;
  if (token === undefined) return;
  for (const job of await queue.getActive()) {
    const id = String(job.id);
    await queue.client.eval(
      RELEASE_PARKED_JOB,
      3,
      internals.toKey('active'),
      internals.toKey('wait'),
      `${internals.toKey(id)}:lock`,
      token,
      id,
    );
  }
}

function slotPromises(queue: Queue): Promise<unknown>[] {
  return Object.values((queue as QueueInternals).processing ?? {});
}
