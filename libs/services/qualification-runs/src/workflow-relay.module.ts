import { Module } from '@nestjs/common';
import { CountsFolder } from './counts-folder.service';
import { ScheduleSync } from './schedule-sync';
import { WorkflowStartRelay } from './workflow-start-relay.service';
import { WorkflowsModule } from './workflows.module';

/**
 * The worker's relay from decisions stored in MongoDB to Temporal runs and schedules, and the folding of
 * the dashboard's counts. Worker only.
 */
@Module({
  imports: [WorkflowsModule],
  providers: [ScheduleSync, WorkflowStartRelay, CountsFolder],
  exports: [WorkflowStartRelay],
})
export class WorkflowRelayModule {}
