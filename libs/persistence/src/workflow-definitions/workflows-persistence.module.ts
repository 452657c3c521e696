import { Module } from '@nestjs/common';
import { WorkflowExecutionsRepository } from '../workflow-executions/workflow-execution.repository';
import { WorkflowDefinitionsRepository } from './workflow-definition.repository';

/** Workflow definitions, their versions, and executions. Needs PersistenceModule's connection. */
@Module({
  providers: [WorkflowDefinitionsRepository, WorkflowExecutionsRepository],
  exports: [WorkflowDefinitionsRepository, WorkflowExecutionsRepository],
})
export class WorkflowsPersistenceModule {}
