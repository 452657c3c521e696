import { Module } from '@nestjs/common';
import { TriggerStatesRepository } from '../trigger-states/trigger-state.repository';
import { WorkflowExecutionsRepository } from '../workflow-executions/workflow-execution.repository';
import { WorkflowDefinitionsRepository } from './workflow-definition.repository';

/** Workflow definitions, their versions, executions and trigger states. Needs PersistenceModule's connection. */
@Module({
  providers: [WorkflowDefinitionsRepository, WorkflowExecutionsRepository, TriggerStatesRepository],
  exports: [WorkflowDefinitionsRepository, WorkflowExecutionsRepository, TriggerStatesRepository],
})
export class WorkflowsPersistenceModule {}
