import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
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
    await Promise.all(registeredQueues(this.moduleRef).map(({ queue }) => queue.pause(true)));
  }
}
