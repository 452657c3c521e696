import { Module } from '@nestjs/common';
import { ScheduleSync } from './schedule-sync';
import { WorkflowStartRelay } from './workflow-start-relay.service';
import { WorkflowsModule } from './workflows.module';

/** The worker's relay from decisions stored in MongoDB to Temporal runs and schedules. Worker only. */
@Module({
  imports: [WorkflowsModule],
  providers: [ScheduleSync, WorkflowStartRelay],
  exports: [WorkflowStartRelay],
})
export class WorkflowRelayModule {}
