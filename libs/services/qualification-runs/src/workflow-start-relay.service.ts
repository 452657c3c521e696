import { randomBytes } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
} from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { CONFIG, type Config } from '@leadflow/config';
import {
  FreeRunsReadAhead,
  type StartLane,
  type WorkflowExecutionDocument,
  WorkflowExecutionsRepository,
} from '@leadflow/persistence';
import {
  laneTaskQueue,
  LEAD_EVENT_WORKFLOW,
  type LeadEventInput,
  QUALIFICATION_WORKFLOW,
  type QualificationInput,
} from '@leadflow/temporal/contracts/qualification';
import {
  LEAD_ID,
  WORKFLOW_DEFINITION_ID,
  WORKFLOW_DEFINITION_IDS,
} from '@leadflow/temporal/contracts/search-attributes';
import { InterruptibleSleeps } from './interruptible-sleeps';
import { LeadOutbox } from './lead-outbox.service';
import { ScheduleSync } from './schedule-sync';

/** Temporal starts in flight at once: enough to hide round trips, few enough to spare the server. */
const START_CONCURRENCY = 32;
/** A start that gets no answer in this time has failed, and is tried again later. */
const START_TIMEOUT_MS = 10_000;
/** Backoff of a run Temporal did not take: doubling from a second, at most a minute. */
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;
/** How often the relay's upkeep runs: abandoned outbox items, schedules, runs of older releases. */
const UPKEEP_EVERY_MS = 5_000;
const ORPHAN_SCHEDULES_EVERY_MS = 10_000;
/** How often it flags runs an older release recorded (holdUnflagged: it reads every pending run). */
const HOLD_UNFLAGGED_EVERY_MS = 60_000;
const SWEEP_LEADS = 500;
/**
 * Bulk runs are claimed this long's worth at a time: each claim costs a few queries whatever its size (held
 * runs, the lead events' members, the claim, its read-back), so claims of one or two runs as the budget
 * allows would cost more than the runs' starts.
 */
const BULK_CLAIM_EVERY_MS = 2_000;
/**
 * How often the relay looks for held runs whose time has come (a lease run out, a start's backoff, a lead
 * event's run waiting for the rest of its executions). On the embedded server a look reads every pending run
 * of the lane: in bench/workflows (b) the relay looked twice a round, 108 times, found none, and took 2.8 s
 * of PostgreSQL's time. A held run waits at most this much longer.
 */
const HELD_LOOK_EVERY_MS = 1_000;

/**
 * Bulk starts are paced at WORKFLOW_BULK_STARTS_PER_SECOND: each start uses 1/rate s of a budget that fills
 * with time and holds at most BULK_CLAIM_EVERY_MS' worth, so a relay that was busy with live runs does not
 * make up for it in one burst. `pacedUntil` is how far the budget has been used; these two say how many bulk
 * runs may start now, and where the budget stands after `started` of them.
 */
export function bulkBudget(now: number, pacedUntil: number, perSecond: number): number {
  return Math.floor(((now - Math.max(pacedUntil, now - BULK_CLAIM_EVERY_MS)) * perSecond) / 1000);
}

export function pacedAfter(now: number, pacedUntil: number, perSecond: number, started: number): number {
  return Math.max(pacedUntil, now - BULK_CLAIM_EVERY_MS) + (started * 1000) / perSecond;
}

/** How many bulk runs to claim now: none until a full claim's worth (or a batch) has built up. */
export function bulkClaimSize(budget: number, perSecond: number, batchSize: number): number {
  const full = Math.min(batchSize, Math.max(1, Math.floor((perSecond * BULK_CLAIM_EVERY_MS) / 1000)));
  return budget >= full ? Math.min(budget, batchSize) : 0;
}

/** When a run whose start failed `attempts` times is tried next. */
export function retryAt(now: Date, attempts: number): Date {
  const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + backoff * (0.75 + Math.random() / 2));
}

/**
 * The worker's relay from the decisions stored in MongoDB to Temporal: it takes due `pending` executions
 * (live ones before bulk ones), starts their runs under their deterministic workflow ids, and records the run
 * ids; a start Temporal does not take is tried again with backoff, for as long as it takes. A run Temporal
 * has already (a start that was accepted but not recorded before a crash) counts as started, so every
 * decided run starts once. Beside that it writes outbox items a dead writer left (LeadOutbox.sweep) and
 * brings Temporal schedules in line with the definitions (ScheduleSync).
 */
@Injectable()
export class WorkflowStartRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('workflow-relay');
  private loops: Promise<void>[] = [];
  private stopping = false;
  private readonly sleeps = new InterruptibleSleeps();
  /** how far the bulk start budget has been used (see bulkBudget) */
  private bulkPacedUntil = 0;
  /** when each lane's held runs were last looked for (HELD_LOOK_EVERY_MS) */
  private readonly heldLookedAt: Record<StartLane, number> = { live: 0, bulk: 0 };
  /** each lane's waiting runs, read once for many claims (why: FreeRunsReadAhead) */
  private readonly free = {
    live: new FreeRunsReadAhead(() => this.executions.freeRuns('live')),
    bulk: new FreeRunsReadAhead(() => this.executions.freeRuns('bulk')),
  };

  constructor(
    private readonly executions: WorkflowExecutionsRepository,
    private readonly outbox: LeadOutbox,
    private readonly schedules: ScheduleSync,
    @Inject(Client) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap(): void {
    // Two loops, so that upkeep (a sweep of thousands of abandoned items, say) never holds up a start.
    this.loops = [this.startLoop(), this.upkeepLoop()];
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.sleeps.stop();
    await Promise.all(this.loops);
  }

  private async startLoop(): Promise<void> {
    while (!this.stopping) {
      let busy = false;
      try {
        busy = await this.startDue();
      } catch (error) {
        // MongoDB or Temporal away: nothing is lost (it is all stored), the next round tries again.
        this.logger.warn(`relay round failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!busy) await this.sleeps.sleep(this.config.WORKFLOW_RELAY_IDLE_MS);
    }
  }

  /** Writes outbox items a dead writer left, and brings schedules in line with the definitions. */
  private async upkeepLoop(): Promise<void> {
    let lastOrphans = 0;
    let lastUnflagged = Date.now();
    while (!this.stopping) {
      try {
        await this.outbox.sweep(new Date(), SWEEP_LEADS);
        await this.schedules.syncPending();
        if (Date.now() - lastOrphans >= ORPHAN_SCHEDULES_EVERY_MS) {
          lastOrphans = Date.now();
          await this.schedules.deleteOrphans();
        }
        if (Date.now() - lastUnflagged >= HOLD_UNFLAGGED_EVERY_MS) {
          lastUnflagged = Date.now();
          await this.executions.holdUnflagged();
        }
      } catch (error) {
        this.logger.warn(`relay upkeep failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      await this.sleeps.sleep(UPKEEP_EVERY_MS);
    }
  }

  /** One batch of due runs, started. Returns whether there was any. */
  async startDue(): Promise<boolean> {
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + this.config.WORKFLOW_START_LEASE_MS);
    const batchSize = this.config.WORKFLOW_START_BATCH;
    const claim = randomBytes(8).toString('hex');
    const live = await this.executions.claimDue(
      'live',
      now,
      batchSize,
      leaseUntil,
      claim,
      this.free.live,
      this.lookForHeld('live', now),
    );
    // Bulk runs only when no live run is waiting, and no faster than the server has headroom for.
    const rate = this.config.WORKFLOW_BULK_STARTS_PER_SECOND;
    const bulkRoom =
      live.length === 0
        ? bulkClaimSize(bulkBudget(now.getTime(), this.bulkPacedUntil, rate), rate, batchSize)
        : 0;
    const bulk =
      bulkRoom > 0
        ? await this.executions.claimDue(
            'bulk',
            now,
            bulkRoom,
            leaseUntil,
            claim,
            this.free.bulk,
            this.lookForHeld('bulk', now),
          )
        : [];
    // Paced in definition runs, not Temporal runs: with four definitions in one lead event's run the server
    // starts one, but the actions' MongoDB writes and the worker's work (what limits a flood now) are four.
    if (bulk.length > 0)
      this.bulkPacedUntil = pacedAfter(now.getTime(), this.bulkPacedUntil, rate, bulk.length);
    const batch = [...live, ...bulk];
    if (batch.length === 0) return false;
    if (this.config.RELAY_TEST_KILL_BEFORE_START && this.config.NODE_ENV === 'test') {
      process.kill(process.pid, 'SIGKILL');
    }
    await this.startAll(batch);
    return true;
  }

  /** Whether this round looks for the lane's held runs (at most every HELD_LOOK_EVERY_MS). */
  private lookForHeld(lane: StartLane, now: Date): boolean {
    if (now.getTime() - this.heldLookedAt[lane] < HELD_LOOK_EVERY_MS) return false;
    this.heldLookedAt[lane] = now.getTime();
    return true;
  }

  /**
   * One lead's runs one after another in the order decided (priority order); leads side by side. A lead
   * event's executions are one run (leadEventWorkflow); executions recorded before lead event runs existed
   * are one run each (qualificationWorkflow), as they were decided.
   */
  private async startAll(batch: readonly WorkflowExecutionDocument[]): Promise<void> {
    const byLead = new Map<number, WorkflowExecutionDocument[][]>();
    for (const run of temporalRunsOf(batch)) {
      const leadId = (run[0] as WorkflowExecutionDocument).lead_id;
      byLead.set(leadId, [...(byLead.get(leadId) ?? []), run]);
    }
    const started: { temporal_workflow_id: string; run_id: string | null }[] = [];
    const failed: { temporal_workflow_id: string; retry_at: Date; error: string }[] = [];
    await inParallel([...byLead.values()], START_CONCURRENCY, async (runs) => {
      for (const [index, run] of runs.entries()) {
        try {
          const runId = await this.start(run);
          for (const execution of run)
            started.push({ temporal_workflow_id: execution.temporal_workflow_id, run_id: runId });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          // This and the lead's later runs wait for the next try, so their order holds.
          for (const later of runs.slice(index)) {
            // One time for all of a run's executions, so that they are due again together.
            const at = retryAt(
              new Date(),
              Math.max(...later.map((execution) => execution.start_attempts)) + 1,
            );
            for (const execution of later)
              failed.push({
                temporal_workflow_id: execution.temporal_workflow_id,
                retry_at: at,
                error: message,
              });
          }
          break;
        }
      }
    });
    if (failed.length > 0) {
      this.logger.warn(`${failed.length} runs not started yet (${failed[0]?.error ?? ''}); will retry`);
    }
    await Promise.all([this.executions.markStarted(started), this.executions.deferStart(failed)]);
  }

  /**
   * Starts one Temporal run; its run id, or null when Temporal has had it already (started and closed).
   * Running already: this start attaches to it. Closed already: refused, never a second run. So a start
   * retried after a crash (before markStarted) runs no definition twice and loses none.
   */
  private async start(run: readonly WorkflowExecutionDocument[]): Promise<string | null> {
    const first = run[0] as WorkflowExecutionDocument;
    try {
      const handle = await this.temporal.withDeadline(Date.now() + START_TIMEOUT_MS, () =>
        this.temporal.workflow.start(first.temporal_group_id ? LEAD_EVENT_WORKFLOW : QUALIFICATION_WORKFLOW, {
          taskQueue: laneTaskQueue(this.config.TEMPORAL_TASK_QUEUE, first.lane),
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          ...startOf(run),
        }),
      );
      return handle.firstExecutionRunId;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return null;
      throw error;
    }
  }
}

/**
 * The batch as Temporal runs, in the order of the batch (decision order): the executions of one lead event
 * together, each older execution (no lead event run) alone.
 */
export function temporalRunsOf(batch: readonly WorkflowExecutionDocument[]): WorkflowExecutionDocument[][] {
  const runs = new Map<string, WorkflowExecutionDocument[]>();
  for (const execution of batch) {
    const key = execution.temporal_group_id ?? execution.temporal_workflow_id;
    runs.set(key, [...(runs.get(key) ?? []), execution]);
  }
  return [...runs.values()];
}

/** The workflow id, input and search attributes of a run's start. */
function startOf(run: readonly WorkflowExecutionDocument[]) {
  const first = run[0] as WorkflowExecutionDocument;
  const leadId = { key: LEAD_ID, value: String(first.lead_id) };
  if (!first.temporal_group_id) {
    const input: QualificationInput = {
      definition_id: first.workflow_definition_id,
      version: first.version,
      lead_id: first.lead_id,
      event_id: first.event_id,
    };
    return {
      workflowId: first.temporal_workflow_id,
      args: [input],
      typedSearchAttributes: new TypedSearchAttributes([
        leadId,
        { key: WORKFLOW_DEFINITION_ID, value: String(first.workflow_definition_id) },
      ]),
    };
  }
  const input: LeadEventInput = {
    lead_id: first.lead_id,
    event_id: first.event_id,
    runs: run.map((execution) => ({
      execution_key: execution.temporal_workflow_id,
      definition_id: execution.workflow_definition_id,
      version: execution.version,
    })),
  };
  return {
    workflowId: first.temporal_group_id,
    args: [input],
    typedSearchAttributes: new TypedSearchAttributes([
      leadId,
      {
        key: WORKFLOW_DEFINITION_IDS,
        value: run.map((execution) => String(execution.workflow_definition_id)),
      },
    ]),
  };
}

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
