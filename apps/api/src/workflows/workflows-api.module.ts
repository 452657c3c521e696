import { Module } from '@nestjs/common';
import { WorkflowsModule } from '@leadflow/workflows';
import { WorkflowExecutionsController } from './workflow-executions.controller';
import { WorkflowsController } from './workflows.controller';

@Module({
  imports: [WorkflowsModule],
  controllers: [WorkflowsController, WorkflowExecutionsController],
})
export class WorkflowsApiModule {}
