import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { withoutMongoId } from '../insert-once';
import { isDuplicateKeyError, SequentialIds } from '../sequential-ids';
import {
  EXECUTION_STATUSES,
  type ExecutionStatus,
  type WorkflowExecutionDocument,
  workflowExecutionSchema,
} from './workflow-execution.schema';
import { bulkWriteInBatches } from '../bulk-write';

export type NewExecution = Omit<
  WorkflowExecutionDocument,
  'id' | 'status' | 'steps' | 'attempts' | 'error' | 'finished_at' | 'temporal_run_id'
>;

export interface ExecutionListFilter {
  workflow_definition_id?: number;
  lead_id?: number;
  status?: ExecutionStatus;
  started_after?: Date;
  started_before?: Date;
  skip: number;
  limit: number;
}

@Injectable()
export class WorkflowExecutionsRepository implements OnModuleInit {
  private readonly executions: Model<WorkflowExecutionDocument>;
  private readonly ids: SequentialIds;

  constructor(@InjectConnection() connection: Connection) {
    this.executions = connection.model<WorkflowExecutionDocument>(
      'WorkflowExecution',
      workflowExecutionSchema,
      'workflow_executions',
      {
        overwriteModels: true,
      },
    );
    this.ids = new SequentialIds(connection);
  }

  async onModuleInit(): Promise<void> {
    await this.executions.init();
  }

  /**
   * Records a firing before its run starts. Returns null when the same Temporal workflow id is already
   * recorded: the event was seen before, and the firing is a no-op.
   */
  async record(execution: NewExecution): Promise<WorkflowExecutionDocument | null> {
    try {
      return await this.ids.insert<WorkflowExecutionDocument>(this.executions, 'workflow_executions', {
        ...execution,
        status: 'running',
        steps: [],
        attempts: 0,
        error: null,
        finished_at: null,
        temporal_run_id: null,
      });
    } catch (error) {
      if (
        isDuplicateKeyError(error) &&
        (await this.executions.exists({ temporal_workflow_id: execution.temporal_workflow_id }))
      )
        return null;
      throw error;
    }
  }

  /**
   * Records many firings in one numbered insert (a batch of lead events), in the order given, so ids follow
   * that order (priority order within one event). Firings whose Temporal workflow id is recorded already
   * come back as `existing`: their events were seen before, and they start nothing.
   */
  async recordMany(
    executions: readonly NewExecution[],
  ): Promise<{ recorded: WorkflowExecutionDocument[]; existing: WorkflowExecutionDocument[] }> {
    if (executions.length === 0) return { recorded: [], existing: [] };
    const { inserted, refused } = await this.ids.insertMany<WorkflowExecutionDocument>(
      this.executions.collection,
      'workflow_executions',
      executions.map((execution) => ({
        ...execution,
        status: 'running' as const,
        steps: [],
        attempts: 0,
        error: null,
        finished_at: null,
        temporal_run_id: null,
      })),
    );
    const existing =
      refused.length === 0
        ? []
        : await this.executions
            .find(
              { temporal_workflow_id: { $in: refused.map((execution) => execution.temporal_workflow_id) } },
              { _id: 0 },
            )
            .lean<WorkflowExecutionDocument[]>();
    if (existing.length < refused.length) throw new Error('an execution was refused but is not recorded');
    const recorded = inserted.map((execution) => withoutMongoId(execution));
    return { recorded, existing };
  }

  /** The run ids of many started runs in one round trip. */
  async setRunIds(runs: readonly { temporal_workflow_id: string; run_id: string }[]): Promise<void> {
    if (runs.length === 0) return;
    await bulkWriteInBatches(
      this.executions,
      runs.map((run) => ({
        updateOne: {
          filter: { temporal_workflow_id: run.temporal_workflow_id },
          update: { $set: { temporal_run_id: run.run_id } },
        },
      })),
    );
  }

  async setRunId(temporalWorkflowId: string, runId: string): Promise<void> {
    await this.executions.updateOne(
      { temporal_workflow_id: temporalWorkflowId },
      { $set: { temporal_run_id: runId } },
    );
  }

  /** The run's own report of how it ended (written by the worker's recordOutcome activity). */
  async finish(
    temporalWorkflowId: string,
    outcome: {
      status: Exclude<ExecutionStatus, 'running'>;
      steps: Record<string, unknown>[];
      attempts: number;
      error: string | null;
    },
    finishedAt: Date,
  ): Promise<void> {
    await this.executions.updateOne(
      { temporal_workflow_id: temporalWorkflowId },
      {
        $set: {
          status: outcome.status,
          steps: outcome.steps,
          attempts: outcome.attempts,
          error: outcome.error,
          finished_at: finishedAt,
        },
      },
    );
  }

  findById(id: number): Promise<WorkflowExecutionDocument | null> {
    return this.executions.findOne({ id }, { _id: 0 }).lean<WorkflowExecutionDocument>();
  }

  findByTemporalId(temporalWorkflowId: string): Promise<WorkflowExecutionDocument | null> {
    return this.executions
      .findOne({ temporal_workflow_id: temporalWorkflowId }, { _id: 0 })
      .lean<WorkflowExecutionDocument>();
  }

  async list(filter: ExecutionListFilter): Promise<{ count: number; results: WorkflowExecutionDocument[] }> {
    const startedAt = {
      ...(filter.started_after ? { $gte: filter.started_after } : {}),
      ...(filter.started_before ? { $lt: filter.started_before } : {}),
    };
    const query = {
      ...(filter.workflow_definition_id === undefined
        ? {}
        : { workflow_definition_id: filter.workflow_definition_id }),
      ...(filter.lead_id === undefined ? {} : { lead_id: filter.lead_id }),
      ...(filter.status === undefined ? {} : { status: filter.status }),
      ...(Object.keys(startedAt).length > 0 ? { started_at: startedAt } : {}),
    };
    const [count, results] = await Promise.all([
      this.executions.countDocuments(query),
      this.executions
        .find(query, { _id: 0 })
        .sort({ started_at: -1, id: -1 })
        .skip(filter.skip)
        .limit(filter.limit)
        .lean<WorkflowExecutionDocument[]>(),
    ]);
    return { count, results };
  }

  /**
   * Executions per status, overall or for one definition. One countDocuments per status: FerretDB computes
   * only the first accumulator of a $group (test/integration/mongo-compat.test.ts).
   */
  async countByStatus(workflowDefinitionId?: number): Promise<Record<ExecutionStatus, number>> {
    const base = workflowDefinitionId === undefined ? {} : { workflow_definition_id: workflowDefinitionId };
    const counts = await Promise.all(
      EXECUTION_STATUSES.map((status) => this.executions.countDocuments({ ...base, status })),
    );
    return Object.fromEntries(
      EXECUTION_STATUSES.map((status, index) => [status, counts[index] ?? 0]),
    ) as Record<ExecutionStatus, number>;
  }
}
