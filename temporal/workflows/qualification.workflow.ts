// One definition per Temporal run: how runs were started before lead event runs (lead-event.workflow.ts).
// Kept registered and unchanged so that runs started before the upgrade finish, and their recorded
// histories keep replaying. Relative imports only (the bundler does not read tsconfig paths).
import {
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  QualificationActivities,
  QualificationInput,
  QualificationProgress,
} from '../contracts/qualification';
import { cancelSignal, progressQuery } from '../contracts/signals';
import { AROUND_ACTIONS, newRunState, runDefinition } from './definition-run';

// Defined in the contracts, so that the code that signals and queries runs never imports workflow code.
export { cancelSignal, progressQuery };

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

export async function qualificationWorkflow(input: QualificationInput): Promise<QualificationProgress> {
  // Decided once, first thing, so a run takes the same path on every replay.
  const around = patched(LOCAL_AROUND_ACTIONS) ? localAroundActions : remoteAroundActions;
  const localActions = patched(LOCAL_ACTIONS);
  const state = newRunState();
  setHandler(progressQuery, () => state.progress);
  setHandler(cancelSignal, () => {
    state.cancellation.requested = true;
  });
  return runDefinition(input, {
    executionKey: workflowInfo().workflowId,
    around,
    localActions,
    state,
  });
}
