import { Module } from '@nestjs/common';
import {
  AuthPersistenceModule,
  LeadsPersistenceModule,
  ScoringPersistenceModule,
  WorkflowsPersistenceModule,
} from '@leadflow/persistence';
import { LeadChanges } from './lead-changes.service';
import { LeadOutbox } from './lead-outbox.service';
import { WorkflowDefinitionsService } from './workflow-definitions.service';
import { WorkflowRuns } from './workflow-runs.service';
import { WorkflowTriggers } from './workflow-triggers.service';

const SERVICES = [WorkflowDefinitionsService, WorkflowTriggers, WorkflowRuns, LeadOutbox, LeadChanges];

/**
 * Qualification workflows for the API and the worker: definitions, the trigger decisions stored with each
 * lead change (LeadOutbox), and reading executions back. The worker adds the relay that starts the decided
 * runs (WorkflowRelayModule). Needs PersistenceModule and the Temporal client.
 */
@Module({
  imports: [
    WorkflowsPersistenceModule,
    LeadsPersistenceModule,
    ScoringPersistenceModule,
    AuthPersistenceModule,
  ],
  providers: SERVICES,
  exports: [...SERVICES, WorkflowsPersistenceModule, LeadsPersistenceModule],
})
export class WorkflowsModule {}
