import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { registeredQueues } from './registered-queues';

/**
 * On shutdown, every queue stops taking jobs and waits for those it runs, before @nestjs/bull closes the
 * queues (onApplicationShutdown). Bull's close() marks a queue closing first, so a job fetched at that
 * moment (moved to active and locked) was skipped instead of run, and stayed locked until the lock expired;
 * a local pause lets such a job run to the end. The process's shutdown deadline bounds the wait.
 */
@Injectable()
export class QueueShutdown implements BeforeApplicationShutdown {
  constructor(private readonly moduleRef: ModuleRef) {}

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(registeredQueues(this.moduleRef).map(({ queue }) => pauseAndDrain(queue)));
  }
}

/** Bull's per-slot promises of fetching and running a job; not in its typings. */
interface QueueSlots {
  readonly processing?: Record<string, Promise<unknown>> | Promise<unknown>[];
}

/**
 * `pause(true)` waits only for the slot promises it sees at that instant. A slot that has just finished a
 * job may already have scheduled its next fetch, which registers a fresh promise a moment later and locks a
 * job nobody waits for. Once paused, no slot starts another fetch, so the set of slot promises settles:
 * wait, across turns of the event loop, until a turn shows none that was not already waited for.
 */
export async function pauseAndDrain(queue: Queue): Promise<void> {
  await queue.pause(true);
  const waitedFor = new Set(slotPromises(queue));
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    const fresh = slotPromises(queue).filter((slot) => !waitedFor.has(slot));
    if (fresh.length === 0) return;
    for (const slot of fresh) waitedFor.add(slot);
    // Also cuts the blocking fetch connection, so an idle fresh slot settles at once.
    await queue.whenCurrentJobsFinished();
  }
}

function slotPromises(queue: Queue): Promise<unknown>[] {
  return Object.values((queue as QueueSlots).processing ?? {});
}
