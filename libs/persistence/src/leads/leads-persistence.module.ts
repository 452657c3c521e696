import { Module } from '@nestjs/common';
import { ActivitiesRepository } from '../activities/activity.repository';
import { WinModelsRepository } from '../win-models/win-model.repository';
import { LeadsRepository } from './lead.repository';

/** Leads and their activities, for the leads API and the scoring code. Needs PersistenceModule's connection. */
@Module({
  providers: [LeadsRepository, ActivitiesRepository, WinModelsRepository],
  exports: [LeadsRepository, ActivitiesRepository, WinModelsRepository],
})
export class LeadsPersistenceModule {}
