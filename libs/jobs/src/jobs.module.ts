import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { CONFIG, type Config } from '@leadflow/config';
import { QUEUE_NAMES } from './queues';
import { QueueErrorLogger } from './queue-error-logger';
import { bullQueueOptions } from './redis-options';

/** Registers every queue once; producers inject them with @InjectQueue(QUEUES.x). */
@Module({
  imports: [
    BullModule.forRootAsync({ inject: [CONFIG], useFactory: (config: Config) => bullQueueOptions(config) }),
    BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name }))),
  ],
  providers: [QueueErrorLogger],
  exports: [BullModule],
})
export class JobsModule {}
