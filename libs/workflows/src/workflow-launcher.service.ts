import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowIdConflictPolicy } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { CONFIG, type Config } from '@leadflow/config';
import { type WorkflowExecutionDocument, WorkflowExecutionsRepository } from '@leadflow/persistence';
import { QUALIFICATION_WORKFLOW, type QualificationInput } from '@leadflow/temporal/contracts/qualification';
import { LEAD_ID, WORKFLOW_DEFINITION_ID } from '@leadflow/temporal/contracts/search-attributes';

export interface Launch {
  definition_id: number;
  workflow_name: string;
  version: number;
  lead_id: number;
  trigger_type: string;
  event_id: string;
  /** derived from (definition, lead, event) by qualificationRunId; TEMPORAL_ID_PREFIX goes in front */
  workflow_id: string;
}

/**
 * Starts one qualification run: records the execution, then starts the Temporal workflow under an id that
 * names the triggering event. A second launch for the same event finds the recorded execution and starts
 * nothing (and Temporal's USE_EXISTING conflict policy would attach to the running one anyway).
 */
@Injectable()
export class WorkflowLauncher {
  private readonly logger = new Logger('workflow-launcher');

  constructor(
    private readonly executions: WorkflowExecutionsRepository,
    @Inject(Client) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async launch(
    launch: Launch,
    now = new Date(),
  ): Promise<{ execution: WorkflowExecutionDocument; started: boolean }> {
    const workflowId = `${this.config.TEMPORAL_ID_PREFIX}.${launch.workflow_id}`;
    const recorded = await this.executions.record({
      workflow_definition_id: launch.definition_id,
      workflow_name: launch.workflow_name,
      version: launch.version,
      lead_id: launch.lead_id,
      trigger_type: launch.trigger_type,
      event_id: launch.event_id,
      temporal_workflow_id: workflowId,
      started_at: now,
    });
    if (!recorded) {
      const existing = await this.executions.findByTemporalId(workflowId);
      if (!existing) throw new Error(`execution ${workflowId} vanished`);
      return { execution: existing, started: false };
    }
    const input: QualificationInput = {
      definition_id: launch.definition_id,
      version: launch.version,
      lead_id: launch.lead_id,
      event_id: launch.event_id,
    };
    try {
      const handle = await this.temporal.workflow.start(QUALIFICATION_WORKFLOW, {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowId,
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        typedSearchAttributes: new TypedSearchAttributes([
          { key: LEAD_ID, value: String(launch.lead_id) },
          { key: WORKFLOW_DEFINITION_ID, value: String(launch.definition_id) },
        ]),
      });
      await this.executions.setRunId(workflowId, handle.firstExecutionRunId);
      return { execution: { ...recorded, temporal_run_id: handle.firstExecutionRunId }, started: true };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`could not start ${workflowId}: ${message}`);
      await this.executions.finish(
        workflowId,
        { status: 'failed', steps: [], attempts: 0, error: `not started: ${message}` },
        new Date(),
      );
      throw error;
    }
  }
}
