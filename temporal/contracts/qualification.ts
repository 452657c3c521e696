// Types shared by the qualification workflow, its activities and whoever starts it. Type-only imports, so
// workflow code can use them (they vanish from the bundle).
import type {
  ActionConfig,
  ActionType,
  ProgramStep,
  WorkflowProgram,
} from '../../dsl/src/workflow/workflow-types';
import type { TopLevelCondition } from '../../libs/domain/src/rule';

export const QUALIFICATION_WORKFLOW = 'qualificationWorkflow';

/** What starts a run: ids only; the program is loaded by an activity so that history stays small. */
export interface QualificationInput {
  definition_id: number;
  /** the program version the run keeps for its whole life, whatever is saved meanwhile */
  version: number;
  lead_id: number;
  /** the event that fired the trigger (score calculation, lead update, schedule tick, manual call) */
  event_id: string;
}

export type StepOutcome = 'completed' | 'failed' | 'skipped';

export const LEAD_EVENT_WORKFLOW = 'leadEventWorkflow';

/** One definition's run inside a lead event's Temporal run. */
export interface DefinitionRun {
  /**
   * The execution's own key (its record's `temporal_workflow_id`): the key of its outcome, of its effects in
   * the ledger, of its cancel signal and progress query, and the summary of its activities and timers.
   */
  execution_key: string;
  definition_id: number;
  /** the program version the run keeps for its whole life */
  version: number;
}

/**
 * What starts the run of one lead event: every definition the event fired, in priority order. One Temporal
 * run per (lead, event) instead of one per definition: the embedded server's cost is per run (DESIGN.md).
 */
export interface LeadEventInput {
  lead_id: number;
  event_id: string;
  runs: DefinitionRun[];
}

/** How each definition's run ended, by execution key. */
export type LeadEventResult = Record<string, QualificationProgress>;

export interface StepRecord {
  step_id: string;
  kind: ProgramStep['kind'];
  outcome: StepOutcome;
  /** for branches: the path taken */
  branch?: 'then' | 'else';
  error?: string;
  /** for actions: how many attempts the step's activity took (1 when it worked at once) */
  attempts?: number;
}

/** The most attempts any step took (0 when no step has run): an execution's `attempts`. */
export function mostAttempts(steps: readonly StepRecord[]): number {
  return steps.reduce((most, step) => Math.max(most, step.attempts ?? 0), 0);
}

export interface QualificationProgress {
  status: 'running' | 'completed' | 'cancelled' | 'failed';
  /** the step being run, or null between steps and at the end */
  current_step: string | null;
  steps: StepRecord[];
  /** why the run failed, when it did */
  error?: string;
}

/** How a run ended whose last step was this action, done at this attempt (see ActionRequest.finish). */
export function completedWithAction(
  request: Pick<ActionRequest, 'step_id' | 'finish'>,
  attempt: number,
): QualificationProgress {
  return {
    status: 'completed',
    current_step: null,
    steps: [
      ...(request.finish?.steps ?? []),
      { step_id: request.step_id, kind: 'action', outcome: 'completed', attempts: attempt },
    ],
  };
}

export interface ActionRequest {
  /** Temporal workflow id + step id: the key of the effect ledger, so a retried activity acts once */
  workflow_id: string;
  step_id: string;
  lead_id: number;
  action_type: ActionType;
  config: ActionConfig;
  /**
   * Set when this action is its run's last step (leadEventWorkflow, patch FEWER_LOCAL_ACTIVITIES): once the
   * effect is done, the activity records the run completed, with these steps before its own, so that the
   * run needs no recordOutcome activity of its own (one activation and one write fewer per run).
   */
  finish?: { steps: StepRecord[] };
}

export interface ActionResult {
  /** true when the ledger shows the effect already happened (a retry or a replayed activity) */
  already_done: boolean;
  /** a short account of the effect, e.g. "owner set to 5" */
  summary: string;
  /** which attempt of the activity this was (Temporal's attempt number, 1 for the first) */
  attempt?: number;
  /** true when it recorded the run's outcome (see ActionRequest.finish) */
  finished?: boolean;
}

/** What runAction attaches to the failure it throws, so the run knows how many attempts a failed step took. */
export interface ActionFailureDetails {
  attempt: number;
}

export interface ProgramVersion {
  definition_id: number;
  version: number;
}

/** The activities the interpreter calls. Implemented in temporal/activities with injected dependencies. */
export interface QualificationActivities {
  loadProgram(definitionId: number, version: number): Promise<WorkflowProgram>;
  /** several programs in one call, in the order asked: a lead event's run loads all of its own at once */
  loadPrograms(versions: readonly ProgramVersion[]): Promise<WorkflowProgram[]>;
  runAction(request: ActionRequest): Promise<ActionResult>;
  /** evaluates a branch condition on the lead's facts as they are now */
  evaluateCondition(leadId: number, condition: TopLevelCondition): Promise<boolean>;
  /** stores how the run ended on its WorkflowExecution, for the API's lists and statistics */
  recordOutcome(workflowId: string, progress: QualificationProgress): Promise<void>;
}

/**
 * Names of the errors an action throws for bad input: retrying cannot help, so they are not retried. Beside
 * the actions' own two, the codes of domain errors (ErrorCode), which activities raise as failures of that
 * type (see finalDomainError).
 */
export const NON_RETRYABLE_ERRORS = [
  'ValidationError',
  'NotFoundError',
  'VALIDATION_FAILED',
  'RULE_INVALID',
  'WORKFLOW_INVALID',
  'NOT_FOUND',
  'LEAD_NOT_FOUND',
  'RULE_NOT_FOUND',
  'CONFLICT',
];

export const SCHEDULED_TICK_WORKFLOW = 'scheduledTickWorkflow';

/** Started by a workflow definition's Temporal Schedule on each tick of its cron spec. */
export interface ScheduledTickInput {
  definition_id: number;
  version: number;
  /** the deployment's TEMPORAL_ID_PREFIX, put in front of each child run's id */
  id_prefix: string;
  /** leads above this id are left for the run that continues as new (bounded history) */
  after_lead_id?: number;
  /** the tick this run serves: names each child run, so a retried tick never starts a lead twice */
  tick_id?: string;
}

export interface ScheduledTickResult {
  started: number;
}

/** A page of the leads a time-based workflow's filter matches, in id order. */
export interface ScheduledLeadsPage {
  lead_ids: number[];
  /** null when there are no more leads */
  next_after_lead_id: number | null;
}

/** Which tick a page is for: its runs are recorded as executions under these Temporal ids. */
export interface ScheduledTick {
  definition_id: number;
  version: number;
  tick_id: string;
  id_prefix: string;
}

export interface ScheduleActivities {
  /** a page of matching leads, each recorded as a running execution of this tick before its run starts */
  findScheduledLeads(tick: ScheduledTick, afterLeadId: number, limit: number): Promise<ScheduledLeadsPage>;
}

/**
 * The task queue of a run's lane. Bulk runs (recalculations, publishing, decay) have a queue of their own,
 * polled by workers with few slots for it, so live runs never wait behind a flood in Temporal's
 * first-in-first-out queue.
 */
export function laneTaskQueue(taskQueue: string, lane: 'live' | 'bulk'): string {
  return lane === 'bulk' ? `${taskQueue}-bulk` : taskQueue;
}
