import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { registeredQueues } from './registered-queues';

/**
 * A Bull queue re-emits its Redis clients' connection errors; an EventEmitter 'error' without a listener
 * would crash the process while Redis restarts. They are logged instead, and Bull reconnects on its own.
 */
@Injectable()
export class QueueErrorLogger implements OnModuleInit {
  private readonly logger = new Logger('queues');

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    for (const { name, queue } of registeredQueues(this.moduleRef)) {
      queue.on('error', (error: Error) => {
        this.logger.warn(`queue ${name}: ${error.message}`);
      });
    }
  }
}
