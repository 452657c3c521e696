import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { CONFIG, type Config } from '@leadflow/config';
import { QUEUES, type ScoringJob } from './queues';

/** The job id of a lead's pending rescoring; at most one such job waits per lead. */
export function scoringJobId(leadId: number): string {
  return `lead:${leadId}`;
}

const PENDING_STATES = new Set<string>(['waiting', 'delayed', 'paused']);

const JOB_OPTIONS: JobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  // Bull drops an add whose id matches any job still kept in Redis, completed or failed ones included, so
  // finished jobs must go for the next change of the lead to be queued at all.
  removeOnComplete: true,
  removeOnFail: true,
};

/**
 * Puts a rescoring of a lead on the `scoring` queue after any change to the lead or its activities (an API
 * edit, an import, an enrichment job). A
 * change while the lead's job waits adds nothing (the waiting job will read the new state); a change while
 * it runs, which may have read the old state, queues one follow-up under a second id.
 */
@Injectable()
export class LeadRescoringService {
  private readonly logger = new Logger('LeadRescoring');

  constructor(
    @InjectQueue(QUEUES.scoring) private readonly queue: Queue<ScoringJob>,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * For API requests: the lead's change is stored already, so an unreachable Redis must not turn it into an
   * error. It is logged, and the daily recalculation catches the lead up; false says so to a caller that
   * reports it (an import).
   */
  async enqueue(leadIds: readonly number[]): Promise<boolean> {
    try {
      await this.enqueueOrThrow(leadIds);
      return true;
    } catch (error) {
      this.logger.warn(`Could not queue the rescoring of leads ${leadIds.join(', ')}: ${String(error)}`);
      return false;
    }
  }

  /**
   * For jobs that can be retried (enrichment): rejects when Redis does not take the rescoring within
   * DEPENDENCY_TIMEOUT_MS, so the job fails and Bull runs it again instead of completing without it.
   */
  async enqueueOrThrow(leadIds: readonly number[]): Promise<void> {
    await this.withinTimeout(Promise.all(leadIds.map((leadId) => this.enqueueOne(leadId))));
  }

  /** Drops the waiting rescoring of a deleted lead; one already running finds no lead and ends. */
  async cancel(leadId: number): Promise<void> {
    try {
      await this.withinTimeout(
        Promise.all(
          this.candidateIds(leadId).map(async (jobId) => {
            const job = await this.queue.getJob(jobId);
            if (job && PENDING_STATES.has(await job.getState())) await job.remove();
          }),
        ),
      );
    } catch (error) {
      this.logger.warn(`Could not drop the rescoring of deleted lead ${leadId}: ${String(error)}`);
    }
  }

  private candidateIds(leadId: number): string[] {
    return [scoringJobId(leadId), `${scoringJobId(leadId)}:next`];
  }

  private async enqueueOne(leadId: number): Promise<void> {
    const candidates = this.candidateIds(leadId);
    const states = await Promise.all(
      candidates.map(async (jobId) => (await this.queue.getJob(jobId))?.getState() ?? null),
    );
    // A job that has not started yet will read the lead as it is now: nothing to add.
    if (states.some((state) => state !== null && PENDING_STATES.has(state))) return;
    // A free id; when both are taken (both running on two workers, or kept by someone else's options), a
    // one-off id keeps this change from being lost.
    const jobId = candidates[states.indexOf(null)] ?? `${scoringJobId(leadId)}:${Date.now()}`;
    await this.queue.add({ lead_id: leadId }, { ...JOB_OPTIONS, jobId });
  }

  private async withinTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`Redis did not answer within ${this.config.DEPENDENCY_TIMEOUT_MS} ms`));
      }, this.config.DEPENDENCY_TIMEOUT_MS);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
