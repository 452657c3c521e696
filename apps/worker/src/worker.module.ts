import { type DynamicModule, Module } from '@nestjs/common';
import { type Config, ConfigModule } from '@leadflow/config';
import { EnrichmentWorkerModule } from '@leadflow/enrichment';
import { JobsModule } from '@leadflow/jobs';
import {
  ActionEffectsPersistenceModule,
  AuthPersistenceModule,
  PersistenceModule,
} from '@leadflow/persistence';
import { ScoringWorkerModule } from '@leadflow/scoring';
import { TemporalClientModule } from '@leadflow/temporal/client';
import { WorkflowRelayModule, WorkflowsModule } from '@leadflow/qualification-runs';
import { qualificationActivitiesProvider } from './qualification-activities';
import { TemporalWorkerService } from './temporal-worker.service';

/** Temporal worker, the relay of decided runs to Temporal, and Bull processors; no HTTP of its own. */
@Module({})
export class WorkerModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        PersistenceModule,
        JobsModule,
        ScoringWorkerModule,
        EnrichmentWorkerModule,
        TemporalClientModule,
        WorkflowsModule,
        WorkflowRelayModule,
        ActionEffectsPersistenceModule,
        AuthPersistenceModule,
      ],
      providers: [qualificationActivitiesProvider, TemporalWorkerService],
    };
  }
}
