import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ActivitiesRepository } from '../activities/activity.repository';
import { ACTIVITY_MODEL, activitySchema } from '../activities/activity.schema';
import { OUTCOME_CHANGE_MODEL, outcomeChangeSchema } from '../lead-outcomes/outcome-change.schema';
import { SequentialIdsModule } from '../sequential-ids';
import { WinModelsRepository } from '../win-models/win-model.repository';
import { WIN_MODEL_MODEL, winModelSchema } from '../win-models/win-model.schema';
import { LeadEnrichmentRepository } from './lead-enrichment.repository';
import { LeadFacts } from './lead-facts';
import { LeadsRepository } from './lead.repository';
import { LEAD_MODEL, leadSchema } from './lead.schema';

const PROVIDERS = [
  LeadsRepository,
  LeadEnrichmentRepository,
  ActivitiesRepository,
  WinModelsRepository,
  LeadFacts,
];

/**
 * Leads, their activities, outcomes and enrichment, for the leads API, scoring and enrichment, and the
 * process's one LeadFacts; the Lead model is registered here only, so both lead repositories share it. Needs
 * PersistenceModule's connection.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: LEAD_MODEL, schema: leadSchema, collection: 'leads' },
      { name: OUTCOME_CHANGE_MODEL, schema: outcomeChangeSchema, collection: 'lead_outcome_changes' },
      { name: ACTIVITY_MODEL, schema: activitySchema, collection: 'activities' },
      { name: WIN_MODEL_MODEL, schema: winModelSchema, collection: 'win_models' },
    ]),
    SequentialIdsModule,
  ],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class LeadsPersistenceModule {}
