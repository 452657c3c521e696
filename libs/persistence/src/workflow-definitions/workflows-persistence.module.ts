import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SequentialIdsModule } from '../sequential-ids';
import { WorkflowExecutionsRepository } from '../workflow-executions/workflow-execution.repository';
import {
  WORKFLOW_EXECUTION_MODEL,
  workflowExecutionSchema,
} from '../workflow-executions/workflow-execution.schema';
import { WorkflowDefinitionsRepository } from './workflow-definition.repository';
import {
  WORKFLOW_DEFINITION_MODEL,
  WORKFLOW_DEFINITION_VERSION_MODEL,
  workflowDefinitionSchema,
  workflowDefinitionVersionSchema,
} from './workflow-definition.schema';

/** Workflow definitions, their versions, and executions. Needs PersistenceModule's connection. */
@Module({
  imports: [
    MongooseModule.forFeature([
      {
        name: WORKFLOW_DEFINITION_MODEL,
        schema: workflowDefinitionSchema,
        collection: 'workflow_definitions',
      },
      {
        name: WORKFLOW_DEFINITION_VERSION_MODEL,
        schema: workflowDefinitionVersionSchema,
        collection: 'workflow_definition_versions',
      },
      { name: WORKFLOW_EXECUTION_MODEL, schema: workflowExecutionSchema, collection: 'workflow_executions' },
    ]),
    SequentialIdsModule,
  ],
  providers: [WorkflowDefinitionsRepository, WorkflowExecutionsRepository],
  exports: [WorkflowDefinitionsRepository, WorkflowExecutionsRepository],
})
export class WorkflowsPersistenceModule {}
