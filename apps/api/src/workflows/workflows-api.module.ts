import { Module } from '@nestjs/common';
import { WorkflowsModule } from '@leadflow/qualification-runs';
import { WorkflowExecutionsController } from './workflow-executions.controller';
import { WorkflowListing } from './workflow-listing.service';
import { WorkflowsController } from './workflows.controller';

@Module({
  imports: [WorkflowsModule],
  controllers: [WorkflowsController, WorkflowExecutionsController],
  providers: [WorkflowListing],
})
export class WorkflowsApiModule {}
