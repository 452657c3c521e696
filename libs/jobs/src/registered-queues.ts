import type { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { QUEUE_NAMES } from './queues';

/** Every queue JobsModule registers, by name, as this process's Nest container holds it. */
export function registeredQueues(moduleRef: ModuleRef): { name: string; queue: Queue }[] {
  return QUEUE_NAMES.map((name) => ({
    name,
    queue: moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
  }));
}
