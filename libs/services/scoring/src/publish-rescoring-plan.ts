/**
 * Rescorings started by publishing, coalesced: they are numbered runs (1, 2, 3…) of the bulk queue, and
 * only the latest one matters for a new publish.
 */

/** Where a publish rescoring is: not yet planned (it will read the newest version), planned, or over. */
export type PublishRunState = 'waiting' | 'running' | 'done';

/** A new publish either joins the latest run or starts the next one, held until the latest is done. */
export type PublishRescoringStep =
  { kind: 'join'; run: number } | { kind: 'start'; run: number; held: boolean };

/**
 * A run that has not yet read the rule set will score with the version just published, so joining it is
 * enough; one that has read it (running) gets one follow-up, held until it is done, which later publishes
 * join in turn. Ten saves in a minute therefore start at most two runs, never ten.
 */
export function planPublishRescoring(latest: number, latestState: PublishRunState): PublishRescoringStep {
  if (latest > 0 && latestState === 'waiting') return { kind: 'join', run: latest };
  return { kind: 'start', run: latest + 1, held: latest > 0 && latestState === 'running' };
}

/** The bulk queue's job states (and the run's own `active` while chunks are open) as a publish run's state. */
export function publishRunState(bulkState: string | null): PublishRunState {
  if (bulkState === 'waiting' || bulkState === 'delayed' || bulkState === 'paused') return 'waiting';
  if (bulkState === 'active') return 'running';
  return 'done';
}

/** The run's id, which is also its job id on the bulk queue, so that a run is queued once however often asked. */
export function publishRunId(run: number): string {
  return `publish-rescoring-${run}`;
}

const RUN_ID = /^publish-rescoring-([1-9]\d{0,14})$/;

/** The number of a publish run from its id (plain digits only); null for any other bulk run. */
export function publishRunNumber(runId: string): number | null {
  const digits = RUN_ID.exec(runId)?.[1];
  return digits === undefined ? null : Number(digits);
}
