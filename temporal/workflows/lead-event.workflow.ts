// One Temporal run per (lead, event): every definition the event fired, run side by side in one history.
// The embedded Temporal server costs about the same per run whatever the run does (DESIGN.md), so four
// definitions crossed by one score change cost one run, not four. Each definition keeps its own execution:
// its outcome, its effects (the ledger, under the execution's key), its cancel signal and progress query,
// and its share of the history (its activities and timers carry its key as their summary).
// Relative imports only (the bundler does not read tsconfig paths).
import { patched, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { LeadEventInput, LeadEventResult, QualificationActivities } from '../contracts/qualification';
import { cancelRunSignal, runProgressQuery } from '../contracts/signals';
import { AROUND_ACTIONS, newRunState, oneAtATime, runDefinition } from './definition-run';

// Defined in the contracts, so that the code that signals and queries runs never imports workflow code.
export { cancelRunSignal, runProgressQuery };

/**
 * Runs from here on load their programs in one activity, and each definition's last action records its
 * outcome (no recordOutcome after it): 5 local activities for four one-action definitions where there were
 * 12, each an activation of the workflow and a round trip of the worker. Runs recorded before it replay
 * without.
 */
export const FEWER_LOCAL_ACTIVITIES = 'fewer-local-activities';

export async function leadEventWorkflow(input: LeadEventInput): Promise<LeadEventResult> {
  const states = new Map(input.runs.map((run) => [run.execution_key, newRunState()]));
  setHandler(runProgressQuery, (executionKey) => states.get(executionKey)?.progress ?? null);
  setHandler(cancelRunSignal, (executionKey) => {
    const state = states.get(executionKey);
    if (state) state.cancellation.requested = true;
  });
  // Started in priority order in this one workflow task, then side by side, as separate runs were: each
  // catches its own failure (recorded on its execution and in its progress), so it stops no other. Their
  // activities go one at a time (oneAtATime: so that replays take the same path); timers and waits overlap.
  const callActivity = oneAtATime();
  const fewer = patched(FEWER_LOCAL_ACTIVITIES);
  // When one of them cannot be loaded, each run loads its own, so that only that one fails, on its record.
  const programs = fewer
    ? await callActivity(() =>
        proxyLocalActivities<QualificationActivities>(AROUND_ACTIONS).loadPrograms(
          input.runs.map((run) => ({ definition_id: run.definition_id, version: run.version })),
        ),
      ).catch(() => undefined)
    : undefined;
  const ended = await Promise.all(
    input.runs.map(async (run, index) => {
      const state = states.get(run.execution_key) ?? newRunState();
      try {
        await runDefinition(
          {
            definition_id: run.definition_id,
            version: run.version,
            lead_id: input.lead_id,
            event_id: input.event_id,
          },
          {
            executionKey: run.execution_key,
            around: proxyLocalActivities<QualificationActivities>({
              ...AROUND_ACTIONS,
              summary: run.execution_key,
            }),
            localActions: true,
            summary: run.execution_key,
            state,
            callActivity,
            ...(fewer ? { program: programs?.[index], finishWithLastAction: true } : {}),
          },
        );
      } catch {
        // Its failure is in its progress; the run's result carries it for reconciliation.
      }
      return [run.execution_key, state.progress] as const;
    }),
  );
  return Object.fromEntries(ended);
}
