import { getQueueToken } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import type { Queue } from 'bull';
import { CONFIG, type Config } from '@leadflow/config';
import { JobsModule, QUEUES } from '@leadflow/jobs';
import { LeadsPersistenceModule } from '@leadflow/persistence';
import { WorkflowsModule } from '@leadflow/qualification-runs';
import { EnrichmentQueueService } from './enrichment-queue.service';
import { LeadEnricher } from './lead-enricher';
import { EnrichmentProviderRegistry } from './provider-registry';
import { buildProviderRegistry } from './providers-from-config';
import { redisRateLimiters } from './rate-limiter';

/**
 * HTTP sources are rate-limited in the Redis the queues use, through the `enrichment` queue's own client:
 * one limit per source for every worker process, and no connection of its own to open or close.
 */
const registryProvider = {
  provide: EnrichmentProviderRegistry,
  inject: [CONFIG, getQueueToken(QUEUES.enrichment)],
  useFactory: (config: Config, queue: Queue) =>
    buildProviderRegistry(config, redisRateLimiters(queue.client, config.REDIS_PREFIX)),
};

/**
 * Enrichment for both processes: the API queues jobs and reads them back (EnrichmentQueueService), the
 * worker's processor (EnrichmentWorkerModule) runs them (LeadEnricher). Both build the provider registry from
 * the same configuration. Needs the global config, PersistenceModule's connection and the Temporal client
 * (field_update triggers).
 */
@Module({
  imports: [JobsModule, WorkflowsModule, LeadsPersistenceModule],
  providers: [registryProvider, EnrichmentQueueService, LeadEnricher],
  exports: [EnrichmentProviderRegistry, EnrichmentQueueService, LeadEnricher, LeadsPersistenceModule],
})
export class EnrichmentModule {}
