import { Module } from '@nestjs/common';
import { LeadsPersistenceModule, WorkflowsPersistenceModule } from '@leadflow/persistence';
import { LeadEvents } from './lead-events';
import { WorkflowDefinitionsService } from './workflow-definitions.service';
import { WorkflowLauncher } from './workflow-launcher.service';
import { WorkflowRuns } from './workflow-runs.service';
import { WorkflowTriggers } from './workflow-triggers.service';

/**
 * Qualification workflows for the API and the worker: definitions, trigger evaluation after lead events,
 * launching runs on Temporal, and reading executions back. Needs PersistenceModule and the Temporal client.
 */
@Module({
  imports: [WorkflowsPersistenceModule, LeadsPersistenceModule],
  providers: [WorkflowDefinitionsService, WorkflowLauncher, WorkflowTriggers, WorkflowRuns, LeadEvents],
  exports: [
    LeadEvents,
    WorkflowDefinitionsService,
    WorkflowLauncher,
    WorkflowTriggers,
    WorkflowRuns,
    WorkflowsPersistenceModule,
    LeadsPersistenceModule,
  ],
})
export class WorkflowsModule {}
