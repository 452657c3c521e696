import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { QUEUE_NAMES, type QueueName } from './queues';

/**
 * Every queue JobsModule registers, by name, as a Nest container holds it (a ModuleRef, or the application
 * itself).
 */
export function registeredQueues(
  container: Pick<INestApplicationContext, 'get'>,
): { name: QueueName; queue: Queue }[] {
  return QUEUE_NAMES.map((name) => ({
    name,
    queue: container.get<Queue>(getQueueToken(name), { strict: false }),
  }));
}
