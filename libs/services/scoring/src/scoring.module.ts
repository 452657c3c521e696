import { Module } from '@nestjs/common';
import { JobsModule } from '@leadflow/jobs';
import { LeadsPersistenceModule, ScoringPersistenceModule } from '@leadflow/persistence';
import { WorkflowsModule } from '@leadflow/qualification-runs';
import { ActiveRuleSet } from './active-rule-set';
import { BulkScoringService } from './bulk-scoring.service';
import { ConversionAnalyticsService } from './conversion-analytics.service';
import { LeadSource } from './lead-source';
import { PredictiveScoreService } from './predictive-score.service';
import { PublishRescoring } from './publish-rescoring';
import { RuleSetPublisher } from './rule-set-publisher';
import { ScoringService } from './scoring.service';
import { SimulationService } from './simulation.service';

const SERVICES = [
  ActiveRuleSet,
  RuleSetPublisher,
  ScoringService,
  SimulationService,
  BulkScoringService,
  LeadSource,
  ConversionAnalyticsService,
  PredictiveScoreService,
  PublishRescoring,
];

/**
 * Scoring for both processes: the API calls it, the worker's processors (ScoringWorkerModule) run it. Each
 * calculation is handed to the workflow triggers (WorkflowsModule), which need the global Temporal client.
 */
@Module({
  imports: [ScoringPersistenceModule, LeadsPersistenceModule, JobsModule, WorkflowsModule],
  providers: SERVICES,
  exports: [...SERVICES, ScoringPersistenceModule],
})
export class ScoringModule {}
