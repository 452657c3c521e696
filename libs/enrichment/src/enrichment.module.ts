import { Module } from '@nestjs/common';
import { CONFIG, type Config } from '@leadflow/config';
import { JobsModule } from '@leadflow/jobs';
import { LeadEnrichmentRepository } from '@leadflow/persistence';
import { WorkflowsModule } from '@leadflow/workflows';
import { EnrichmentQueueService } from './enrichment-queue.service';
import { LeadEnricher } from './lead-enricher';
import { EnrichmentProviderRegistry } from './provider-registry';
import { buildProviderRegistry } from './providers-from-config';

const registryProvider = {
  provide: EnrichmentProviderRegistry,
  inject: [CONFIG],
  useFactory: (config: Config) => buildProviderRegistry(config),
};

/**
 * Enrichment for both processes: the API queues jobs and reads them back (EnrichmentQueueService), the
 * worker's processor (EnrichmentWorkerModule) runs them (LeadEnricher). Both build the provider registry from
 * the same configuration. Needs the global config, PersistenceModule's connection and the Temporal client
 * (field_update triggers).
 */
@Module({
  imports: [JobsModule, WorkflowsModule],
  providers: [registryProvider, LeadEnrichmentRepository, EnrichmentQueueService, LeadEnricher],
  exports: [EnrichmentProviderRegistry, EnrichmentQueueService, LeadEnricher, LeadEnrichmentRepository],
})
export class EnrichmentModule {}
