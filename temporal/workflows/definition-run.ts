// The interpreter of one definition's compiled program (dsl/src/workflow), shared by the two workflow types
// that run programs: qualificationWorkflow (one definition per Temporal run, how runs started before lead
// event runs did it) and leadEventWorkflow (every definition one lead event fired, in one Temporal run).
// Deterministic: no I/O here, only activities and timers; relative imports only (the bundler does not read
// tsconfig paths).
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  proxyActivities,
  proxyLocalActivities,
} from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { ProgramStep, RetryPolicy, WorkflowProgram } from '../../dsl/src/workflow/workflow-types';
import {
  type ActionFailureDetails,
  NON_RETRYABLE_ERRORS,
  type QualificationActivities,
  type QualificationInput,
  type QualificationProgress,
  type StepRecord,
} from '../contracts/qualification';

/** Loading the program, evaluating conditions and recording the outcome: quick, retried a few times. */
export const AROUND_ACTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 5 },
} as const;

export type AroundActions = Pick<
  QualificationActivities,
  'loadProgram' | 'evaluateCondition' | 'recordOutcome'
>;

/** What a run's signal and query handlers share with its interpreter. */
export interface RunState {
  progress: QualificationProgress;
  /** an object, not a `let`: a signal handler sets it while the steps are awaiting */
  cancellation: { requested: boolean };
}

export function newRunState(): RunState {
  return {
    progress: { status: 'running', current_step: null, steps: [] },
    cancellation: { requested: false },
  };
}

export interface DefinitionRunOptions {
  /** the execution's key: its outcome and its effects (the ledger) are recorded under it */
  executionKey: string;
  around: AroundActions;
  /** actions as local activities (the `local-actions` patch of qualificationWorkflow) */
  localActions: boolean;
  /**
   * Set on the run's actions and timers (user metadata) when several runs share one history, so that the
   * history and the timeline say whose each is. Unset for qualificationWorkflow, whose commands stay as
   * they were recorded.
   */
  summary?: string;
  state: RunState;
  /**
   * Runs each of the run's activity calls; leadEventWorkflow passes oneAtATime (why: there). Unset, a call
   * is made as it comes.
   */
  callActivity?: <T>(call: () => Promise<T>) => Promise<T>;
  /** the program, when the caller has loaded it already (no loadProgram call then) */
  program?: WorkflowProgram;
  /**
   * The action that is the run's last step records the run's outcome itself (ActionRequest.finish), so no
   * recordOutcome call follows it. Unset for the runs recorded before it, whose commands stay as they were.
   */
  finishWithLastAction?: boolean;
}

/**
 * A lock that lets one activity call at a time through, first come first served. Why: the SDK hands a
 * workflow the local activities that finished together in one activation, and each run's code then goes on
 * after a different number of promise steps, so the order of the next commands follows how the results were
 * batched; a replay batches them differently (a nondeterminism error). With one call outstanding, each
 * result comes alone and every run of the history goes on in the same order on replay.
 */
export function oneAtATime(): <T>(call: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(call: () => Promise<T>): Promise<T> => {
    const result = tail.then(call);
    tail = result.catch(() => undefined);
    return result;
  };
}

/** Each action gets the retry policy its program step carries. */
function actionActivity(
  retry: RetryPolicy,
  local: boolean,
  summary: string | undefined,
): QualificationActivities['runAction'] {
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
    ...(summary === undefined ? {} : { summary }),
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

/**
 * Runs one definition's program for one lead: its steps in order, each action once through the effect
 * ledger under the execution's key, and its outcome recorded on its execution. Throws what failed the run,
 * after recording it.
 */
export async function runDefinition(
  input: QualificationInput,
  options: DefinitionRunOptions,
): Promise<QualificationProgress> {
  const { around, state, summary } = options;
  const { progress, cancellation } = state;
  const call = options.callActivity ?? (<T>(activity: () => Promise<T>) => activity());

  const record = (step: StepRecord): void => {
    progress.steps.push(step);
    progress.current_step = null;
  };

  /** whether the run's last action recorded the outcome (finishWithLastAction); set inside `run` */
  const recorded = { byLastAction: false };

  /** `last`: nothing runs after these steps, so the last of them is the run's last step. */
  const run = async (steps: readonly ProgramStep[], last: boolean): Promise<void> => {
    for (const [index, step] of steps.entries()) {
      if (cancellation.requested) return;
      const lastStep = last && index === steps.length - 1;
      progress.current_step = step.id;
      switch (step.kind) {
        case 'action': {
          try {
            const runAction = actionActivity(step.retry, options.localActions, summary);
            const finish = options.finishWithLastAction && lastStep;
            const result = await call(() =>
              runAction({
                workflow_id: options.executionKey,
                step_id: step.id,
                lead_id: input.lead_id,
                action_type: step.action_type,
                config: step.config,
                ...(finish ? { finish: { steps: [...progress.steps] } } : {}),
              }),
            );
            recorded.byLastAction = result.finished === true;
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
          const cancelled = () => cancellation.requested;
          const interrupted =
            summary === undefined
              ? await condition(cancelled, step.ms)
              : await condition(cancelled, step.ms, { summary });
          record({ step_id: step.id, kind: step.kind, outcome: interrupted ? 'skipped' : 'completed' });
          break;
        }
        case 'branch': {
          const holds = await call(() => around.evaluateCondition(input.lead_id, step.condition));
          record({
            step_id: step.id,
            kind: step.kind,
            outcome: 'completed',
            branch: holds ? 'then' : 'else',
          });
          await run(holds ? step.then : step.else, lastStep);
          break;
        }
      }
    }
  };

  try {
    const program =
      options.program ?? (await call(() => around.loadProgram(input.definition_id, input.version)));
    if (program.version !== input.version) {
      throw ApplicationFailure.nonRetryable(
        `program ${input.definition_id} v${program.version} loaded where v${input.version} was asked for`,
        'ValidationError',
      );
    }
    await run(program.steps, true);
  } catch (error) {
    progress.status = 'failed';
    progress.error = failureMessage(error);
    await call(() => around.recordOutcome(options.executionKey, progress));
    throw error;
  }
  progress.status = cancellation.requested ? 'cancelled' : 'completed';
  // A cancel that came while the last action ran is recorded over the action's `completed`.
  if (!(recorded.byLastAction && progress.status === 'completed'))
    await call(() => around.recordOutcome(options.executionKey, progress));
  return progress;
}
