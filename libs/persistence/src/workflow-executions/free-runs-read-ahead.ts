import type { Types } from 'mongoose';

/** A pending run no relay holds, as the relay's claim needs it: which document, and which lead event's run. */
export interface FreeRun {
  _id: Types.ObjectId;
  temporal_workflow_id: string;
  temporal_group_id?: string | null;
}

/** The projection that reads a FreeRun. */
export const FREE_RUN_FIELDS = { _id: 1, temporal_workflow_id: 1, temporal_group_id: 1 } as const;

/**
 * A lane's free pending runs, read once and handed out a claim's worth at a time. Why: the embedded server
 * applies a query's limit after reading every match (~45 µs a run), so a relay that asked for 32 at a time
 * read the whole backlog each round: 4,000 waiting runs cost 4,000 reads a round, 10,000 bulk runs paced
 * over minutes cost 10,000 every two seconds. Read ahead, the backlog is read once.
 *
 * It holds only where to look, never a decision: each claim re-checks its runs in the database (still
 * pending, not held), and a run claimed by another relay since the read is simply not claimed. When that
 * happens the rest of the read is likely stale as well, so it is dropped and read again. Runs recorded after
 * the read wait for the next one, behind those read before them: first decided, first started, as before.
 */
export class FreeRunsReadAhead {
  private runs: FreeRun[] = [];

  constructor(private readonly read: () => Promise<FreeRun[]>) {}

  /** Up to `count` runs, reading the backlog again when what was read has been handed out. */
  async take(count: number): Promise<FreeRun[]> {
    if (count <= 0) return [];
    if (this.runs.length === 0) this.runs = await this.read();
    return this.runs.splice(0, count);
  }

  /**
   * Runs claimed along with a taken one (the other executions of its lead event's run): no longer free, so
   * never handed out. Left in, they would fail their claim and drop the whole read as stale: measured in
   * bench/workflows (b), a claim of 64 cut a run in two every other round, and each drop read the 3,000
   * runs waiting again (40,000 reads for 4,000 runs).
   */
  forget(temporalWorkflowIds: ReadonlySet<string>): void {
    this.runs = this.runs.filter((run) => !temporalWorkflowIds.has(run.temporal_workflow_id));
  }

  /** Some taken runs could not be claimed: another relay has them, so forget the rest of this read. */
  stale(): void {
    this.runs = [];
  }
}
