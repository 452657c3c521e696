import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { CONFIG, type Config } from '@leadflow/config';
import { QUEUE_NAMES } from './queues';
import { LeadRescoringService } from './lead-rescoring.service';
import { QueueErrorLogger } from './queue-error-logger';
import { QueueReachability } from './queue-reachability.service';
import { QueueShutdown } from './queue-shutdown';
import { bullQueueOptions } from './redis-options';

/**
 * Registers every queue once; producers inject them with @InjectQueue(QUEUES.x). The rescoring producer is
 * here because both processes queue rescoring (the API after edits, the worker after enrichment).
 */
@Module({
  imports: [
    BullModule.forRootAsync({ inject: [CONFIG], useFactory: (config: Config) => bullQueueOptions(config) }),
    BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name }))),
  ],
  providers: [QueueErrorLogger, QueueShutdown, LeadRescoringService, QueueReachability],
  exports: [BullModule, LeadRescoringService, QueueReachability],
})
export class JobsModule {}
