// The interpreter of compiled qualification programs (dsl/src/workflow). Deterministic: no I/O here, only
// activities, timers, signals and queries; relative imports only (the bundler does not read tsconfig paths).
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { ProgramStep, RetryPolicy } from '../../dsl/src/workflow/workflow-types';
import {
  type ActionFailureDetails,
  NON_RETRYABLE_ERRORS,
  type QualificationActivities,
  type QualificationInput,
  type QualificationProgress,
  type StepRecord,
} from '../contracts/qualification';

export const progressQuery = defineQuery<QualificationProgress>('progress');
export const cancelSignal = defineSignal<[reason?: string]>('cancel');

/** Loading the program, evaluating conditions and recording the outcome: quick, retried a few times. */
const AROUND_ACTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 5 },
} as const;
/** As ordinary activities, each a task on the server: how runs started before LOCAL_AROUND_ACTIONS did it. */
const remoteAroundActions = proxyActivities<QualificationActivities>(AROUND_ACTIONS);
/**
 * As local activities, run by the worker that runs the workflow task: a read and an idempotent write have
 * no need of their own task queue round trip, and the Temporal server (the slowest part of a run under
 * load) records a marker instead of scheduling, starting and completing an activity.
 */
const localAroundActions = proxyLocalActivities<QualificationActivities>(AROUND_ACTIONS);
/** The patch that moved them to local activities; histories recorded before it replay without it. */
const LOCAL_AROUND_ACTIONS = 'local-around-actions';

/**
 * The patch that made actions local activities too. The embedded Temporal server is the platform's ceiling
 * (DESIGN.md): an ordinary activity costs it a schedule, a dispatch, a start, a completion and one more
 * workflow task, a local one a single marker. A whole run is then one workflow task when nothing waits. The
 * effect ledger keeps each action once, whichever worker runs (or reruns) it. Histories recorded before the
 * patch replay with ordinary activities.
 */
const LOCAL_ACTIONS = 'local-actions';

/** Each action gets the retry policy its program step carries. */
function actionActivity(retry: RetryPolicy, local: boolean): QualificationActivities['runAction'] {
  const options = {
    // Actions are short (a few writes, one SMTP or HTTP call with its own 10 s timeout); a worker that dies
    // mid-action is noticed by this timeout, after which another worker retries the step.
    startToCloseTimeout: '30 seconds',
    retry: {
      // The DSL writes intervals as "1s"/"500ms", the notation Temporal's Duration strings use.
      initialInterval: retry.initial_interval as Duration,
      backoffCoefficient: retry.backoff,
      maximumAttempts: retry.maximum_attempts,
      nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
    },
  } as const;
  return local
    ? proxyLocalActivities<QualificationActivities>(options).runAction
    : proxyActivities<QualificationActivities>(options).runAction;
}

/**
 * How many attempts a failed action took: the attempt runAction put in its failure's details (an ordinary
 * activity's failure wraps it; a local activity's is the failure itself), else what the retry state implies
 * (all of them when Temporal gave up on the maximum, else the first).
 */
function failedAttempts(error: unknown, retry: RetryPolicy): number {
  const failure = error instanceof ActivityFailure ? error.cause : error;
  const reported =
    failure instanceof ApplicationFailure
      ? (failure.details?.[0] as Partial<ActionFailureDetails> | undefined)
      : undefined;
  if (typeof reported?.attempt === 'number') return reported.attempt;
  return error instanceof ActivityFailure && error.retryState === 'MAXIMUM_ATTEMPTS_REACHED'
    ? retry.maximum_attempts
    : 1;
}

function failureMessage(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}

export async function qualificationWorkflow(input: QualificationInput): Promise<QualificationProgress> {
  // Decided once, first thing, so a run takes the same path on every replay.
  const { loadProgram, evaluateCondition, recordOutcome } = patched(LOCAL_AROUND_ACTIONS)
    ? localAroundActions
    : remoteAroundActions;
  const localActions = patched(LOCAL_ACTIONS);
  const progress: QualificationProgress = { status: 'running', current_step: null, steps: [] };
  // An object, not a `let`: the signal handler sets it while the steps below are awaiting.
  const cancellation = { requested: false };
  setHandler(progressQuery, () => progress);
  setHandler(cancelSignal, () => {
    cancellation.requested = true;
  });

  const record = (step: StepRecord): void => {
    progress.steps.push(step);
    progress.current_step = null;
  };

  const run = async (steps: readonly ProgramStep[]): Promise<void> => {
    for (const step of steps) {
      if (cancellation.requested) return;
      progress.current_step = step.id;
      switch (step.kind) {
        case 'action': {
          try {
            const result = await actionActivity(
              step.retry,
              localActions,
            )({
              workflow_id: workflowInfo().workflowId,
              step_id: step.id,
              lead_id: input.lead_id,
              action_type: step.action_type,
              config: step.config,
            });
            // Results recorded before activities reported their attempt carry none: those were first tries
            // as far as this run can tell (the timeline has the exact count from history).
            record({
              step_id: step.id,
              kind: step.kind,
              outcome: 'completed',
              attempts: result.attempt ?? 1,
            });
          } catch (error) {
            record({
              step_id: step.id,
              kind: step.kind,
              outcome: 'failed',
              error: failureMessage(error),
              attempts: failedAttempts(error, step.retry),
            });
            throw error;
          }
          break;
        }
        case 'delay': {
          // A durable timer that a cancel signal cuts short.
          const interrupted = await condition(() => cancellation.requested, step.ms);
          record({ step_id: step.id, kind: step.kind, outcome: interrupted ? 'skipped' : 'completed' });
          break;
        }
        case 'branch': {
          const holds = await evaluateCondition(input.lead_id, step.condition);
          record({
            step_id: step.id,
            kind: step.kind,
            outcome: 'completed',
            branch: holds ? 'then' : 'else',
          });
          await run(holds ? step.then : step.else);
          break;
        }
      }
    }
  };

  try {
    const program = await loadProgram(input.definition_id, input.version);
    if (program.version !== input.version) {
      throw ApplicationFailure.nonRetryable(
        `program ${input.definition_id} v${program.version} loaded where v${input.version} was asked for`,
        'ValidationError',
      );
    }
    await run(program.steps);
  } catch (error) {
    progress.status = 'failed';
    progress.error = failureMessage(error);
    await recordOutcome(workflowInfo().workflowId, progress);
    throw error;
  }
  progress.status = cancellation.requested ? 'cancelled' : 'completed';
  await recordOutcome(workflowInfo().workflowId, progress);
  return progress;
}
