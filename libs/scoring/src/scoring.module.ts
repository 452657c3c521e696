import { Module } from '@nestjs/common';
import { JobsModule } from '@leadflow/jobs';
import { LeadsPersistenceModule, ScoringPersistenceModule } from '@leadflow/persistence';
import { ActiveRuleSet } from './active-rule-set';
import { BulkScoringService } from './bulk-scoring.service';
import { LeadSource } from './lead-source';
import { RuleSetPublisher } from './rule-set-publisher';
import { ScoringService } from './scoring.service';

const EXPORTED = [ActiveRuleSet, RuleSetPublisher, ScoringService, BulkScoringService, LeadSource];

/** Scoring for both processes: the API calls it, the worker's processors (ScoringWorkerModule) run it. */
@Module({
  imports: [ScoringPersistenceModule, LeadsPersistenceModule, JobsModule],
  providers: [ActiveRuleSet, RuleSetPublisher, ScoringService, BulkScoringService, LeadSource],
  exports: [...EXPORTED, ScoringPersistenceModule],
})
export class ScoringModule {}
