import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client, isGrpcServiceError } from '@temporalio/client';
import { CONFIG, type Config } from '@leadflow/config';
import { WorkflowNotFoundError } from '@temporalio/common';
import { DomainError, ErrorCode, leadEventRunId, qualificationRunId } from '@leadflow/domain';
import { compileCondition, type ConditionTrace } from '@leadflow/engine';
import type { ProgramStep } from '@leadflow/dsl';
import {
  type ExecutionListFilter,
  type ExecutionStatus,
  LeadFacts,
  noneByStatus,
  temporalWorkflowOf,
  type WorkflowExecutionDocument,
  WorkflowExecutionsRepository,
  WorkflowDefinitionsRepository,
} from '@leadflow/persistence';
import {
  eventTypeName,
  fetchHistoryPage,
  type HistoryPage,
  InvalidPageTokenError,
} from '@leadflow/temporal/client';
import type { LeadEventResult } from '@leadflow/temporal/contracts/qualification';
import { cancelRunSignal, cancelSignal } from '@leadflow/temporal/contracts/signals';
import { actionAttemptsOf, type TimelineEntry, timelineOf } from './history-timeline';
import { WorkflowDefinitionsService } from './workflow-definitions.service';

export interface DryRunStep {
  step_id: string;
  kind: ProgramStep['kind'];
  action_type?: string;
  config?: unknown;
  duration?: string;
  /** for branches: the path current facts would take, with the leaf-by-leaf reason */
  branch?: 'then' | 'else';
  explanation?: ConditionTrace;
}

export interface HistoryEventView {
  event_id: number;
  event_type: string;
  time: string | null;
  /** activity type, timer duration, failure message: what the timeline shows for the event */
  details: Record<string, unknown>;
  /** the event's own attributes as Temporal writes them in a JSON history (payloads base64) */
  attributes: Record<string, unknown>;
  /** in a lead event's run, the execution key of the definition run the command belongs to */
  summary: string | null;
}

export interface HistoryPageView {
  execution_id: number;
  temporal_workflow_id: string;
  temporal_run_id: string | null;
  page_size: number;
  /** pass back as `next_page_token` for the next page; null on the last page */
  next_page_token: string | null;
  events: HistoryEventView[];
}

/** The longest a request waits for Temporal before answering 503. */
const TEMPORAL_CALL_TIMEOUT_MS = 10_000;

/** gRPC status INVALID_ARGUMENT, which Temporal answers for a page token it cannot read. */
const GRPC_INVALID_ARGUMENT = 3;
/** gRPC status NOT_FOUND, which Temporal answers for a workflow it does not know. */
const GRPC_NOT_FOUND = 5;

/** Temporal's closed states as execution statuses (RUNNING and unknown ones are not closed). */
const CLOSED_STATUS: Partial<
  Record<string, { status: 'completed' | 'failed' | 'cancelled' | 'timed_out'; error: string | null }>
> = {
  COMPLETED: { status: 'completed', error: null },
  FAILED: { status: 'failed', error: 'the run failed (see its history)' },
  CANCELLED: { status: 'cancelled', error: null },
  TERMINATED: { status: 'failed', error: 'terminated in Temporal' },
  TIMED_OUT: { status: 'timed_out', error: 'the run timed out' },
  CONTINUED_AS_NEW: { status: 'completed', error: null },
};

/** Manual runs, dry runs, executions and their Temporal histories. */
@Injectable()
export class WorkflowRuns {
  constructor(
    private readonly definitions: WorkflowDefinitionsService,
    private readonly versions: WorkflowDefinitionsRepository,
    private readonly executions: WorkflowExecutionsRepository,
    private readonly facts: LeadFacts,
    @Inject(Client) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * Records a run for the worker's relay to start (status `pending`): the request is answered from MongoDB,
   * whether or not Temporal answers right now.
   */
  private async launch(run: {
    definition_id: number;
    workflow_name: string;
    version: number;
    lead_id: number;
    trigger_type: string;
    event_id: string;
  }): Promise<WorkflowExecutionDocument> {
    const [execution] = await this.executions.recordPending([
      {
        workflow_definition_id: run.definition_id,
        workflow_name: run.workflow_name,
        version: run.version,
        lead_id: run.lead_id,
        trigger_type: run.trigger_type,
        event_id: run.event_id,
        temporal_workflow_id: `${this.config.TEMPORAL_ID_PREFIX}.${qualificationRunId(run.definition_id, run.lead_id, run.event_id)}`,
        // A lead event's run of one: the event id is new for every manual run and retry.
        temporal_group_id: `${this.config.TEMPORAL_ID_PREFIX}.${leadEventRunId(run.lead_id, run.event_id)}`,
        group_size: 1,
        started_at: new Date(),
        lane: 'live',
      },
    ]);
    if (!execution) throw new Error(`the run of ${run.event_id} was not recorded`);
    return execution;
  }

  /**
   * A call to Temporal with a time limit: an unreachable server is a 503 naming temporal (the error mapping),
   * not a request that hangs through the client's retries. Generous, as a long history page is slow to read.
   */
  private withinDependencyTimeout<T>(call: () => Promise<T>): Promise<T> {
    return this.temporal.withDeadline(Date.now() + TEMPORAL_CALL_TIMEOUT_MS, call);
  }

  /** The manual trigger: one run now, whatever the definition's own trigger is. */
  async execute(definitionId: number, leadId: number): Promise<WorkflowExecutionDocument> {
    const definition = await this.definitions.get(definitionId);
    await this.requireLead(leadId);
    return this.launch({
      definition_id: definition.id,
      workflow_name: definition.name,
      version: definition.version,
      lead_id: leadId,
      trigger_type: 'manual',
      event_id: `manual-${randomUUID()}`,
    });
  }

  /** Which steps would run for this lead now: branches decided on current facts, no effects. */
  async dryRun(definitionId: number, leadId: number, now = new Date()): Promise<{ steps: DryRunStep[] }> {
    const definition = await this.definitions.get(definitionId);
    const facts = await this.requireLead(leadId, now);
    const program = definition.program;
    const walk = (steps: readonly ProgramStep[]): DryRunStep[] =>
      steps.flatMap((step): DryRunStep[] => {
        if (step.kind === 'action')
          return [{ step_id: step.id, kind: step.kind, action_type: step.action_type, config: step.config }];
        if (step.kind === 'delay') return [{ step_id: step.id, kind: step.kind, duration: step.duration }];
        const condition = compileCondition(step.condition, this.facts.eventRegistry);
        const holds = condition.holds(facts);
        return [
          {
            step_id: step.id,
            kind: step.kind,
            branch: holds ? 'then' : 'else',
            explanation: condition.explain(facts),
          },
          ...walk(holds ? step.then : step.else),
        ];
      });
    return { steps: walk(program.steps) };
  }

  /** Executions per status, overall and per workflow definition, from the counts the writes keep. */
  async statistics() {
    const [total, active, counts, { results }] = await Promise.all([
      this.versions.count(),
      this.versions.count({ is_active: true }),
      this.executions.countByStatus(),
      this.versions.list({ skip: 0, limit: 1000 }),
    ]);
    const tally = (byStatus: Record<ExecutionStatus, number>) => ({
      total_executions: Object.values(byStatus).reduce((sum, count) => sum + count, 0),
      successful_executions: byStatus.completed,
      failed_executions: byStatus.failed,
      pending_executions: byStatus.pending,
      running_executions: byStatus.running,
      cancelled_executions: byStatus.cancelled,
      timed_out_executions: byStatus.timed_out,
    });
    return {
      total_workflows: total,
      active_workflows: active,
      ...tally(counts.all),
      workflows: results.map((definition) => ({
        id: definition.id,
        name: definition.name,
        is_active: definition.is_active,
        ...tally(counts.byDefinition.get(definition.id) ?? noneByStatus()),
      })),
    };
  }

  /** What the worker's relay still has to hand to Temporal (see WorkflowStartRelay). */
  async backlog(now = new Date()) {
    const [{ pending, oldest_decided_at: oldest, last_start_error: lastError }, schedules] =
      await Promise.all([this.executions.startBacklog(), this.versions.countPendingSchedules()]);
    return {
      pending,
      pending_total: pending.live + pending.bulk,
      oldest_pending_age_seconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : null,
      last_start_error: lastError,
      schedules_pending: schedules,
    };
  }

  listExecutions(filter: ExecutionListFilter) {
    return this.executions.list(filter);
  }

  /** An execution, reconciled with Temporal when its record still says running but the run has closed. */
  async getExecution(id: number): Promise<WorkflowExecutionDocument> {
    const execution = await this.executions.findById(id);
    if (!execution) throw new DomainError(ErrorCode.NOT_FOUND, `execution ${id} does not exist`);
    return execution.status === 'running' ? this.reconcile(execution) : execution;
  }

  /**
   * The run reports its own end through an activity; a run that never could (terminated by an operator,
   * timed out, or closed while its outcome activity kept failing) is brought in line from Temporal here.
   */
  private async reconcile(execution: WorkflowExecutionDocument): Promise<WorkflowExecutionDocument> {
    let closed: {
      status: Exclude<WorkflowExecutionDocument['status'], 'running' | 'pending'>;
      error: string | null;
    } | null;
    try {
      const handle = this.temporal.workflow.getHandle(temporalWorkflowOf(execution));
      const description = await this.withinDependencyTimeout(() => handle.describe());
      closed = CLOSED_STATUS[description.status.name] ?? null;
      // A lead event's run completes whatever its definitions did: its result says how this one ended.
      if (execution.temporal_group_id && description.status.name === 'COMPLETED') {
        const result = await this.withinDependencyTimeout(() => handle.result() as Promise<LeadEventResult>);
        const own = result[execution.temporal_workflow_id];
        closed =
          own && own.status !== 'running'
            ? { status: own.status, error: own.error ?? null }
            : { status: 'failed', error: 'the run ended without this execution (see its history)' };
      }
    } catch {
      // Not started yet or unknown to Temporal: the record stays as it is.
      return execution;
    }
    if (!closed) return execution;
    // The run never reported its steps, so how often they were tried comes from its history.
    const attempts = actionAttemptsOf(await this.ownTimeline(execution));
    const finishedAt = new Date();
    await this.executions.finish(
      execution.temporal_workflow_id,
      { status: closed.status, steps: execution.steps, attempts, error: closed.error },
      finishedAt,
    );
    return { ...execution, status: closed.status, attempts, error: closed.error, finished_at: finishedAt };
  }

  /**
   * One page of the run's full Temporal event history, in Temporal's own pages: each event summarised
   * (type, time, the few details the timeline reads) and whole (`attributes`, Temporal's JSON form).
   */
  async history(id: number, page: { pageSize: number; pageToken?: string }): Promise<HistoryPageView> {
    const execution = await this.getExecution(id);
    let found: HistoryPage;
    try {
      found = await this.withinDependencyTimeout(() =>
        fetchHistoryPage(this.temporal, {
          workflowId: temporalWorkflowOf(execution),
          ...(execution.temporal_run_id ? { runId: execution.temporal_run_id } : {}),
          pageSize: page.pageSize,
          ...(page.pageToken ? { pageToken: page.pageToken } : {}),
        }),
      );
    } catch (error) {
      // A token we did not make, or one Temporal cannot read (edited, or from another run), is the
      // caller's mistake, not a 500.
      const invalid =
        error instanceof InvalidPageTokenError ||
        (isGrpcServiceError(error) && (error.code as number) === GRPC_INVALID_ARGUMENT);
      if (page.pageToken && invalid) {
        throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid', [
          {
            pointer: '/next_page_token',
            code: 'invalid',
            message: 'next_page_token is not a page token of this execution',
          },
        ]);
      }
      throw runMissingOr(error, execution);
    }
    return {
      execution_id: execution.id,
      temporal_workflow_id: temporalWorkflowOf(execution),
      temporal_run_id: execution.temporal_run_id,
      page_size: page.pageSize,
      next_page_token: found.nextPageToken,
      events: found.events.map((event, index) => ({
        event_id: Number(event.eventId ?? 0),
        event_type: eventTypeName(event),
        time: event.eventTime?.seconds
          ? new Date(Number(event.eventTime.seconds) * 1000).toISOString()
          : null,
        details: historyDetails(event),
        attributes: attributesOf(found.json[index] ?? {}),
        summary: summaryOf(found.json[index] ?? {}),
      })),
    };
  }

  /** The run as steps: each activity with its attempts and failure, each timer, each signal. */
  async timeline(id: number): Promise<TimelineEntry[]> {
    return this.ownTimeline(await this.getExecution(id));
  }

  /** The execution's steps; in a lead event's run, its own among the other definitions'. */
  private async ownTimeline(execution: WorkflowExecutionDocument): Promise<TimelineEntry[]> {
    const events = (await this.fullHistory(execution)).events ?? [];
    return timelineOf(events, execution.temporal_group_id ? execution.temporal_workflow_id : undefined);
  }

  private async fullHistory(execution: WorkflowExecutionDocument) {
    try {
      return await this.withinDependencyTimeout(() =>
        this.temporal.workflow
          .getHandle(temporalWorkflowOf(execution), execution.temporal_run_id ?? undefined)
          .fetchHistory(),
      );
    } catch (error) {
      throw runMissingOr(error, execution);
    }
  }

  async cancel(id: number, reason: string): Promise<WorkflowExecutionDocument> {
    const execution = await this.getExecution(id);
    // Not started yet: it never will be.
    if (
      execution.status === 'pending' &&
      (await this.executions.cancelPending(execution.temporal_workflow_id))
    ) {
      return { ...execution, status: 'cancelled', error: reason };
    }
    if (execution.status !== 'running' && execution.status !== 'pending') {
      throw new DomainError(ErrorCode.CONFLICT, `execution ${id} is ${execution.status}, not running`);
    }
    // In a lead event's run, only this definition stops; the others go on.
    const handle = this.temporal.workflow.getHandle(temporalWorkflowOf(execution));
    await this.withinDependencyTimeout(() =>
      execution.temporal_group_id
        ? handle.signal(cancelRunSignal, execution.temporal_workflow_id, reason)
        : handle.signal(cancelSignal, reason),
    );
    return execution;
  }

  /** A new run of the same version for the same lead (a new event id, so a new Temporal workflow). */
  async retry(id: number): Promise<WorkflowExecutionDocument> {
    const previous = await this.getExecution(id);
    if (previous.status === 'running' || previous.status === 'pending')
      throw new DomainError(ErrorCode.CONFLICT, `execution ${id} is still ${previous.status}`);
    return this.launch({
      definition_id: previous.workflow_definition_id,
      workflow_name: previous.workflow_name,
      version: previous.version,
      lead_id: previous.lead_id,
      trigger_type: previous.trigger_type,
      event_id: `retry-${previous.id}-${randomUUID()}`,
    });
  }

  private async requireLead(leadId: number, now = new Date()) {
    const facts = await this.facts.forLead(leadId, now);
    if (!facts) {
      throw new DomainError(ErrorCode.LEAD_NOT_FOUND, `lead ${leadId} does not exist`, [
        { pointer: '/lead_id', code: 'LEAD_NOT_FOUND', message: `lead ${leadId} does not exist` },
      ]);
    }
    return facts;
  }
}

type HistoryEvent = Awaited<
  ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>
>['events'] extends (infer E)[] | null | undefined
  ? E
  : never;

/**
 * A run Temporal does not know (its start failed, or it is past the namespace's retention) has no history to
 * show: a 404 that says so, rather than a 500. Any other error is returned as it is.
 */
function runMissingOr(error: unknown, execution: WorkflowExecutionDocument): unknown {
  const missing =
    error instanceof WorkflowNotFoundError ||
    (isGrpcServiceError(error) && (error.code as number) === GRPC_NOT_FOUND);
  if (!missing) return error;
  return new DomainError(
    ErrorCode.NOT_FOUND,
    `execution ${execution.id} has no run in Temporal: it never started, or Temporal no longer keeps it`,
  );
}

/** The `...EventAttributes` member of an event in Temporal's JSON form (the rest is id, time and type). */
function attributesOf(json: Record<string, unknown>): Record<string, unknown> {
  const key = Object.keys(json).find((name) => name.endsWith('EventAttributes'));
  const attributes = key ? json[key] : undefined;
  return typeof attributes === 'object' && attributes !== null ? (attributes as Record<string, unknown>) : {};
}

/** The summary a command was given (its definition run's key), from the event's JSON form. */
function summaryOf(json: Record<string, unknown>): string | null {
  const data = (json.userMetadata as { summary?: { data?: unknown } } | undefined)?.summary?.data;
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** The few attributes a timeline needs, taken from the event's own attributes. */
function historyDetails(event: HistoryEvent): Record<string, unknown> {
  const scheduled = event.activityTaskScheduledEventAttributes;
  if (scheduled) return { activity_type: scheduled.activityType?.name, activity_id: scheduled.activityId };
  const started = event.activityTaskStartedEventAttributes;
  if (started) return { attempt: started.attempt };
  const failed = event.activityTaskFailedEventAttributes;
  if (failed) return { failure: failed.failure?.message, retry_state: failed.retryState };
  const timer = event.timerStartedEventAttributes;
  if (timer) return { timer_id: timer.timerId, seconds: Number(timer.startToFireTimeout?.seconds ?? 0) };
  const signaled = event.workflowExecutionSignaledEventAttributes;
  if (signaled) return { signal: signaled.signalName };
  const workflowFailed = event.workflowExecutionFailedEventAttributes;
  if (workflowFailed) return { failure: workflowFailed.failure?.message };
  return {};
}
