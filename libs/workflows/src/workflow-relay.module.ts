import { Module } from '@nestjs/common';
import { ExecutionCountsFolder } from './execution-counts-folder.service';
import { ScheduleSync } from './schedule-sync';
import { WorkflowStartRelay } from './workflow-start-relay.service';
import { WorkflowsModule } from './workflows.module';

/**
 * The worker's relay from decisions stored in MongoDB to Temporal runs and schedules, and the folding of
 * execution counts. Worker only.
 */
@Module({
  imports: [WorkflowsModule],
  providers: [ScheduleSync, WorkflowStartRelay, ExecutionCountsFolder],
  exports: [WorkflowStartRelay],
})
export class WorkflowRelayModule {}
