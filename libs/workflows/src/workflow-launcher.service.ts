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
    const [outcome] = await this.launchMany([launch], now);
    if (!outcome) throw new Error(`launching ${launch.workflow_id} gave no outcome`);
    if (outcome.error) throw outcome.error;
    return { execution: outcome.execution, started: outcome.started };
  }

  /**
   * Launches many firings (a batch of lead events) with as few round trips as one: one numbered insert
   * records them all, the Temporal starts run side by side (one lead's runs one after another, in the order
   * given, which is priority order), and one bulk write stores the run ids. A start that fails marks its
   * execution failed and is returned with its error; the others go on.
   */
  async launchMany(launches: readonly Launch[], now = new Date()): Promise<LaunchOutcome[]> {
    const workflowIdOf = (launch: Launch) => `${this.config.TEMPORAL_ID_PREFIX}.${launch.workflow_id}`;
    const { recorded, existing } = await this.executions.recordMany(
      launches.map((launch) => ({
        workflow_definition_id: launch.definition_id,
        workflow_name: launch.workflow_name,
        version: launch.version,
        lead_id: launch.lead_id,
        trigger_type: launch.trigger_type,
        event_id: launch.event_id,
        temporal_workflow_id: workflowIdOf(launch),
        started_at: now,
      })),
    );
    const outcomes = new Map<string, LaunchOutcome>(
      existing.map((execution) => [execution.temporal_workflow_id, { execution, started: false }]),
    );
    const byLead = new Map<number, WorkflowExecutionDocument[]>();
    for (const execution of recorded) {
      byLead.set(execution.lead_id, [...(byLead.get(execution.lead_id) ?? []), execution]);
    }
    const runIds: { temporal_workflow_id: string; run_id: string }[] = [];
    await inParallel([...byLead.values()], START_CONCURRENCY, async (executions) => {
      for (const execution of executions) {
        const outcome = await this.start(execution);
        if (outcome.started && outcome.execution.temporal_run_id) {
          runIds.push({
            temporal_workflow_id: execution.temporal_workflow_id,
            run_id: outcome.execution.temporal_run_id,
          });
        }
        outcomes.set(execution.temporal_workflow_id, outcome);
      }
    });
    await this.executions.setRunIds(runIds);
    return launches.map((launch) => {
      const outcome = outcomes.get(workflowIdOf(launch));
      if (!outcome) throw new Error(`execution ${workflowIdOf(launch)} vanished`);
      return outcome;
    });
  }

  private async start(execution: WorkflowExecutionDocument): Promise<LaunchOutcome> {
    const workflowId = execution.temporal_workflow_id;
    const input: QualificationInput = {
      definition_id: execution.workflow_definition_id,
      version: execution.version,
      lead_id: execution.lead_id,
      event_id: execution.event_id,
    };
    try {
      const handle = await this.temporal.workflow.start(QUALIFICATION_WORKFLOW, {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowId,
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        typedSearchAttributes: new TypedSearchAttributes([
          { key: LEAD_ID, value: String(execution.lead_id) },
          { key: WORKFLOW_DEFINITION_ID, value: String(execution.workflow_definition_id) },
        ]),
      });
      return { execution: { ...execution, temporal_run_id: handle.firstExecutionRunId }, started: true };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`could not start ${workflowId}: ${message}`);
      const outcome = { status: 'failed' as const, steps: [], attempts: 0, error: `not started: ${message}` };
      const finishedAt = new Date();
      await this.executions.finish(workflowId, outcome, finishedAt);
      return {
        execution: { ...execution, ...outcome, finished_at: finishedAt },
        started: false,
        error: error instanceof Error ? error : new Error(message),
      };
    }
  }
}

export interface LaunchOutcome {
  execution: WorkflowExecutionDocument;
  /** false when the firing was recorded before (a duplicate event) or its start failed */
  started: boolean;
  /** why Temporal would not start the run; its execution is recorded as failed */
  error?: Error;
}

/** Temporal starts in flight at once for a batch: enough to hide round trips, few enough to spare the server. */
const START_CONCURRENCY = 32;

/** Runs `work` over `items` with at most `limit` at a time. */
async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
