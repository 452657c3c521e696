import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { type Connection, type Model, Types } from 'mongoose';
import { withoutMongoId } from '../insert-once';
import { isDuplicateKeyError, SequentialIds } from '../sequential-ids';
import {
  EXECUTION_STATUSES,
  type ExecutionStatus,
  type NewExecution,
  type StartLane,
  type WorkflowExecutionDocument,
  RETIRED_EXECUTION_INDEXES,
  WORKFLOW_EXECUTION_MODEL,
} from './workflow-execution.schema';
import { dropRetiredIndexes } from '../retired-indexes';
import { bulkWriteInBatches } from '../bulk-write';
import { SERVER_PROFILE, type ServerProfile } from '../server-profile';
import { COUNT_FIELDS_OF_NEW, COUNT_TOUCH, FoldedCounts } from '../folded-counts';
import { FREE_RUN_FIELDS, type FreeRun, type FreeRunsReadAhead } from './free-runs-read-ahead';

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
  /** executions per workflow definition and status, kept by the writes (see FoldedCounts) */
  private readonly counts: FoldedCounts;

  constructor(
    @InjectModel(WORKFLOW_EXECUTION_MODEL) private readonly executions: Model<WorkflowExecutionDocument>,
    private readonly ids: SequentialIds,
    @InjectConnection() connection: Connection,
    @Inject(SERVER_PROFILE) private readonly server: ServerProfile,
  ) {
    this.counts = new FoldedCounts(
      'workflow_executions',
      this.executions.collection,
      connection.collection('count_snapshots'),
      connection.collection('count_removals'),
      (execution) =>
        countKey(execution.workflow_definition_id as number, execution.status as ExecutionStatus),
      ['workflow_definition_id', 'status'],
      EXECUTION_KEY_FORMAT,
      this.server,
    );
  }

  async onModuleInit(): Promise<void> {
    await this.executions.init();
    await dropRetiredIndexes(this.executions.collection, RETIRED_EXECUTION_INDEXES);
    await this.holdUnflagged();
    await this.counts.adoptUncounted();
  }

  /**
   * Flags pending runs recorded without `start_held` (by a release before it, perhaps still running beside
   * this one while replicas are replaced) as held, so that their `start_after` decides when they are due.
   * Reads every pending run: at start, and now and then by the relay.
   */
  async holdUnflagged(): Promise<void> {
    await this.executions.updateMany(
      { status: 'pending', start_held: { $exists: false } },
      { $set: { start_held: true } },
    );
  }

  /** Folds executions changed since the last fold into the counts; how many it folded. */
  foldCounts(limit?: number): Promise<number> {
    return this.counts.fold(limit);
  }

  /**
   * Records a run that its caller starts itself (a schedule tick's child runs). Returns null when the same
   * Temporal workflow id is already recorded: the event was seen before, and the firing is a no-op.
   */
  async record(execution: NewExecution): Promise<WorkflowExecutionDocument | null> {
    try {
      return await this.ids.insert<WorkflowExecutionDocument>(this.executions, 'workflow_executions', {
        ...execution,
        ...NOT_STARTED,
        ...COUNT_FIELDS_OF_NEW,
        status: 'running',
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
   * Records decided firings as `pending`, for the relay to start, in one numbered insert in the order given
   * (priority order within one event). A firing whose Temporal workflow id is recorded already (its decision
   * written a second time) is left as it is. Returns the executions of all of them.
   */
  async recordPending(executions: readonly NewExecution[]): Promise<WorkflowExecutionDocument[]> {
    if (executions.length === 0) return [];
    const { inserted, refused } = await this.ids.insertMany<WorkflowExecutionDocument>(
      this.executions.collection,
      'workflow_executions',
      executions.map((execution) => ({
        ...execution,
        ...NOT_STARTED,
        ...COUNT_FIELDS_OF_NEW,
        status: 'pending' as const,
        start_after: execution.started_at,
        start_held: false,
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
    return [...inserted.map((execution) => withoutMongoId(execution)), ...existing];
  }

  /**
   * Every pending run of a lane that no relay holds, oldest decisions first as far as the server returns
   * them in order of insertion (runs nobody has written since). Reads them all, whatever a caller needs
   * (see FreeRunsReadAhead).
   */
  freeRuns(lane: StartLane): Promise<FreeRun[]> {
    return this.executions
      .find({ status: 'pending', lane, start_held: false }, FREE_RUN_FIELDS)
      .lean<FreeRun[]>()
      .exec();
  }

  /**
   * Takes up to `limit` pending runs of a lane whose start is due, for one relay: each is held back until
   * `leaseUntil`, so another relay leaves it alone while this one starts it (and takes it over if this one
   * dies). Held runs whose time has come first (a dead relay's claim, a backoff: they are older), then free
   * ones from `free`, the relay's read-ahead of the lane. The executions of one lead event's run come
   * together: with the first of them taken, the rest are taken too (a little past `limit`), and a run whose
   * executions are not all here yet (their decision's write was cut short and waits for the outbox sweep,
   * or another relay holds some) is left for a later round. With `lookForHeld` false, only free runs.
   */
  async claimDue(
    lane: StartLane,
    now: Date,
    limit: number,
    leaseUntil: Date,
    claim: string,
    free: FreeRunsReadAhead,
    lookForHeld = true,
  ): Promise<WorkflowExecutionDocument[]> {
    const pending = { status: 'pending' as const, lane };
    // Held runs are few (a claim's batch, the starts Temporal refused), so reading them all is cheap; but
    // finding them reads every pending run of the lane on the embedded server, so a relay looks now and then.
    const heldDue = lookForHeld
      ? await this.executions
          .find({ ...pending, start_held: true, start_after: { $lte: now } }, FREE_RUN_FIELDS)
          .limit(limit)
          .lean<FreeRun[]>()
      : [];
    const taken = await free.take(limit - heldDue.length);
    const candidates = [...heldDue, ...taken];
    if (candidates.length === 0) return [];
    // With the rest of their lead events' executions, by document id from here on: an index the embedded
    // server's planner always takes (with `status` in a filter it may read every pending run instead).
    const groups = [...new Set(candidates.flatMap((row) => row.temporal_group_id ?? []))];
    const members =
      groups.length === 0
        ? []
        : await this.executions
            .find(
              { temporal_group_id: { $in: groups } },
              { _id: 1, temporal_group_id: 1, temporal_workflow_id: 1, status: 1 },
            )
            .lean<GroupMember[]>();
    free.forget(new Set(members.map((member) => member.temporal_workflow_id)));
    const ids = [...new Set([...candidates, ...members].map((row) => String(row._id)))].map(
      (id) => new Types.ObjectId(id),
    );
    // `start_after` guards against a relay that claimed one of them since this one looked.
    await this.executions.updateMany(
      { _id: { $in: ids }, ...pending, start_after: { $lte: now } },
      { $set: { start_after: leaseUntil, start_held: true, start_claim: claim } },
      { strict: false },
    );
    const claimed = (
      await this.executions
        .find({ _id: { $in: ids }, start_claim: claim }, { _id: 0, start_claim: 0 })
        .lean<WorkflowExecutionDocument[]>()
    )
      .filter((execution) => execution.status === 'pending')
      .sort((a, b) => a.id - b.id);
    const claimedIds = new Set(claimed.map((execution) => execution.temporal_workflow_id));
    if (taken.some((run) => !claimedIds.has(run.temporal_workflow_id))) free.stale();
    return this.withoutPartialGroups(claimed, members, claim, now);
  }

  /**
   * The claimed executions whose lead event's run can start: every execution of it is recorded, and each
   * that still waits to start is held by this claim. Those of other runs are let go, due again shortly.
   * `members` are their lead events' executions as read before the claim: one recorded or claimed by
   * another relay since then counts as missing or held elsewhere, so such a run waits, never starts half.
   */
  private async withoutPartialGroups(
    claimed: WorkflowExecutionDocument[],
    members: readonly GroupMember[],
    claim: string,
    now: Date,
  ): Promise<WorkflowExecutionDocument[]> {
    const mine = new Set(claimed.map((execution) => execution.temporal_workflow_id));
    const recorded = new Map<string, number>();
    const heldElsewhere = new Set<string>();
    for (const member of members) {
      const group = member.temporal_group_id as string;
      recorded.set(group, (recorded.get(group) ?? 0) + 1);
      if (member.status === 'pending' && !mine.has(member.temporal_workflow_id)) heldElsewhere.add(group);
    }
    const partial = new Set(
      claimed.flatMap((execution) => {
        const group = execution.temporal_group_id;
        if (!group || (execution.group_size ?? 1) <= 1) return [];
        const complete =
          (recorded.get(group) ?? 0) >= (execution.group_size ?? 1) && !heldElsewhere.has(group);
        return complete ? [] : [group];
      }),
    );
    if (partial.size === 0) return claimed;
    await this.executions.updateMany(
      { start_claim: claim, temporal_group_id: { $in: [...partial] } },
      {
        $set: { start_after: new Date(now.getTime() + PARTIAL_GROUP_WAIT_MS), start_held: true },
        $unset: { start_claim: '' },
      },
      { strict: false },
    );
    return claimed.filter((execution) => !partial.has(execution.temporal_group_id ?? ''));
  }

  /**
   * Runs Temporal has accepted: their run ids, and `running` for those still pending (a run that already
   * reported its end keeps its status). One write per Temporal run, which a lead event's executions share.
   */
  async markStarted(runs: readonly { temporal_workflow_id: string; run_id: string | null }[]): Promise<void> {
    if (runs.length === 0) return;
    const byRun = new Map<string | null, string[]>();
    for (const run of runs)
      byRun.set(run.run_id, [...(byRun.get(run.run_id) ?? []), run.temporal_workflow_id]);
    const started = (runId: string | null) => ({
      ...(runId ? { temporal_run_id: runId } : {}),
      start_error: null,
    });
    const { modified } = await bulkWriteInBatches(
      this.executions,
      [...byRun].map(([runId, ids]) => ({
        updateMany: {
          filter: { temporal_workflow_id: { $in: ids }, status: 'pending' },
          update: {
            $set: { ...started(runId), status: 'running', ...COUNT_TOUCH.$set },
            $inc: COUNT_TOUCH.$inc,
            $unset: { start_claim: '' },
          },
        },
      })),
      this.server,
    );
    if (modified === runs.length) return;
    // Some had ended before this was written (or were cancelled): their run ids, without a status change.
    await bulkWriteInBatches(
      this.executions,
      [...byRun].map(([runId, ids]) => ({
        updateMany: {
          filter: { temporal_workflow_id: { $in: ids }, status: { $ne: 'pending' }, temporal_run_id: null },
          update: { $set: started(runId), $unset: { start_claim: '' } },
        },
      })),
      this.server,
    );
  }

  /** Runs Temporal did not take: tried again after `retryAt`, with the error kept for the API. */
  async deferStart(failures: readonly { temporal_workflow_id: string; retry_at: Date; error: string }[]) {
    if (failures.length === 0) return;
    await bulkWriteInBatches(
      this.executions,
      failures.map((failure) => ({
        updateOne: {
          filter: { temporal_workflow_id: failure.temporal_workflow_id, status: 'pending' },
          update: {
            $set: { start_after: failure.retry_at, start_held: true, start_error: failure.error },
            $inc: { start_attempts: 1 },
            $unset: { start_claim: '' },
          },
        },
      })),
      this.server,
    );
  }

  /** Cancels a run that has not started; false when the relay has started it meanwhile. */
  async cancelPending(temporalWorkflowId: string): Promise<boolean> {
    const result = await this.executions.updateOne(
      { temporal_workflow_id: temporalWorkflowId, status: 'pending' },
      { $set: { status: 'cancelled', finished_at: new Date(), ...COUNT_TOUCH.$set }, $inc: COUNT_TOUCH.$inc },
    );
    return result.modifiedCount === 1;
  }

  /** How many runs wait for the relay, per lane, and when the oldest of them was decided. */
  async startBacklog(): Promise<{
    pending: Record<StartLane, number>;
    oldest_decided_at: Date | null;
    last_start_error: string | null;
  }> {
    const [live, bulk, oldest, failing] = await Promise.all([
      this.executions.countDocuments({ status: 'pending', lane: 'live' }),
      this.executions.countDocuments({ status: 'pending', lane: 'bulk' }),
      this.executions
        .find({ status: 'pending' }, { _id: 0, started_at: 1 })
        .sort({ started_at: 1 })
        .limit(1)
        .lean<Pick<WorkflowExecutionDocument, 'started_at'>[]>(),
      this.executions
        .find({ status: 'pending', start_attempts: { $gt: 0 } }, { _id: 0, start_error: 1 })
        .sort({ start_after: -1 })
        .limit(1)
        .lean<Pick<WorkflowExecutionDocument, 'start_error'>[]>(),
    ]);
    return {
      pending: { live, bulk },
      oldest_decided_at: oldest[0]?.started_at ?? null,
      last_start_error: failing[0]?.start_error ?? null,
    };
  }

  /** The run's own report of how it ended (written by the worker's recordOutcome activity). */
  async finish(
    temporalWorkflowId: string,
    outcome: {
      status: Exclude<ExecutionStatus, 'running' | 'pending'>;
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
          ...COUNT_TOUCH.$set,
        },
        $inc: COUNT_TOUCH.$inc,
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
    // Filtered by workflow and status only (the dashboard and the console's lists), the kept counts answer
    // and the first page is found among the newest ids; any other filter narrows by an index first.
    if (filter.lead_id === undefined && Object.keys(startedAt).length === 0) {
      const [count, results] = await Promise.all([
        this.countOf(filter),
        filter.skip === 0 ? this.newest(query, filter.limit) : this.page(query, filter),
      ]);
      return { count, results };
    }
    const [count, results] = await Promise.all([
      this.executions.countDocuments(query),
      this.page(query, filter),
    ]);
    return { count, results };
  }

  private page(query: object, filter: ExecutionListFilter): Promise<WorkflowExecutionDocument[]> {
    return this.executions
      .find(query, { _id: 0 })
      .sort({ started_at: -1, id: -1 })
      .skip(filter.skip)
      .limit(filter.limit)
      .lean<WorkflowExecutionDocument[]>();
  }

  /**
   * The newest `limit` executions matching `query`. The embedded server sorts in memory whatever a query
   * matches (100,000 executions: seconds), so they are looked for among the newest ids first, a window that
   * widens until it holds enough; each window is a range on the `id` index.
   */
  private async newest(query: object, limit: number): Promise<WorkflowExecutionDocument[]> {
    const last = await this.ids.last('workflow_executions');
    for (let window = Math.max(4 * limit, 64); ; window *= 8) {
      const from = last - window;
      const found = await this.executions
        .find({ ...query, ...(from > 0 ? { id: { $gt: from } } : {}) }, { _id: 0 })
        .lean<WorkflowExecutionDocument[]>();
      if (found.length >= limit || from <= 0) {
        return found
          .sort((a, b) => b.started_at.getTime() - a.started_at.getTime() || b.id - a.id)
          .slice(0, limit);
      }
    }
  }

  private async countOf(filter: ExecutionListFilter): Promise<number> {
    const counts = await this.countByStatus();
    const byStatus =
      filter.workflow_definition_id === undefined
        ? counts.all
        : (counts.byDefinition.get(filter.workflow_definition_id) ?? noneByStatus());
    return filter.status === undefined
      ? Object.values(byStatus).reduce((sum, count) => sum + count, 0)
      : byStatus[filter.status];
  }

  /**
   * Executions per status, overall and per workflow definition, from the counts the writes keep: a few
   * milliseconds at any size, where counting per status took seconds at 100,000 executions.
   */
  async countByStatus(): Promise<{
    all: Record<ExecutionStatus, number>;
    byDefinition: Map<number, Record<ExecutionStatus, number>>;
  }> {
    const all = noneByStatus();
    const byDefinition = new Map<number, Record<ExecutionStatus, number>>();
    for (const [key, count] of await this.counts.read()) {
      const { definitionId, status } = parseCountKey(key);
      const ofDefinition = byDefinition.get(definitionId) ?? noneByStatus();
      ofDefinition[status] += count;
      all[status] += count;
      byDefinition.set(definitionId, ofDefinition);
    }
    return { all, byDefinition };
  }
}

/** countKey's format (FoldedCounts' keyFormat): the first, unchanged since executions were counted. */
const EXECUTION_KEY_FORMAT = 1;

function countKey(definitionId: number, status: ExecutionStatus): string {
  return `${definitionId}:${status}`;
}

function parseCountKey(key: string): { definitionId: number; status: ExecutionStatus } {
  const [definitionId, status] = key.split(':');
  return { definitionId: Number(definitionId), status: status as ExecutionStatus };
}

/** An execution of a lead event's run, as a claim reads it to see whether the run is whole. */
type GroupMember = Pick<
  WorkflowExecutionDocument,
  'temporal_group_id' | 'temporal_workflow_id' | 'status'
> & {
  _id: Types.ObjectId;
};

export function noneByStatus(): Record<ExecutionStatus, number> {
  return Object.fromEntries(EXECUTION_STATUSES.map((status) => [status, 0])) as Record<
    ExecutionStatus,
    number
  >;
}

/**
 * How long the executions of a lead event's run wait when not all of them could be taken: long enough not
 * to spin on a run whose decision is being written again by the outbox sweep, short beside a start.
 */
const PARTIAL_GROUP_WAIT_MS = 1_000;

/** The fields of a run that has not run yet. */
const NOT_STARTED = {
  steps: [],
  attempts: 0,
  error: null,
  finished_at: null,
  temporal_run_id: null,
  start_after: null,
  start_attempts: 0,
  start_error: null,
};
