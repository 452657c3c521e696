import { Module } from '@nestjs/common';
import { JobsModule } from '@leadflow/jobs';
import { WorkflowsModule } from '@leadflow/qualification-runs';
import { BulkScorer } from './bulk-scorer';
import { BulkScoringProcessor } from './processors/bulk-scoring.processor';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { PredictiveRefreshProcessor } from './processors/predictive-refresh.processor';
import { PredictiveSchedule } from './predictive-schedule';
import { PublishRescoringRelease } from './publish-rescoring-release';
import { RecalculationSchedule } from './recalculation-schedule';
import { ScoringProcessor } from './processors/scoring.processor';
import { ScoringModule } from './scoring.module';

/**
 * The Bull processors of the `scoring`, `bulk-scoring` and `maintenance` queues and the daily
 * recalculation's schedule; imported by the worker only.
 */
@Module({
  imports: [ScoringModule, JobsModule, WorkflowsModule],
  providers: [
    ScoringProcessor,
    BulkScoringProcessor,
    BulkScorer,
    MaintenanceProcessor,
    RecalculationSchedule,
    PredictiveRefreshProcessor,
    PredictiveSchedule,
    PublishRescoringRelease,
  ],
})
export class ScoringWorkerModule {}
