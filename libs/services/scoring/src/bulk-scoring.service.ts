import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Job, JobOptions, Queue } from 'bull';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { type BulkScoringChunkJob, type BulkScoringJob, QUEUES, QueueReachability } from '@leadflow/jobs';
import { BULK_JOBS, type BulkRunPlan, chunkJobId } from './bulk-run-plan';
import type { ChunkOutcome } from './bulk-scorer';
import { LeadSource } from './lead-source';

/** What a bulk run reports: its leads, how many are done, how many of those failed. */
export interface BulkProgress {
  total: number;
  processed: number;
  failed: number;
}

export interface BulkJobStatus extends BulkProgress {
  job_id: string;
  state: string;
  started_at: string | null;
  finished_at: string | null;
}

const RUN_OPTIONS: JobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1_000 },
  // kept as long as its chunks, so that the run's status can still be read
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

function isRunPlan(value: unknown): value is BulkRunPlan {
  return typeof value === 'object' && value !== null && typeof (value as BulkRunPlan).chunks === 'number';
}

function isChunkOutcome(value: unknown): value is ChunkOutcome {
  return typeof value === 'object' && value !== null && typeof (value as ChunkOutcome).processed === 'number';
}

function isoOrNull(epochMs: number | undefined | null): string | null {
  return typeof epochMs === 'number' ? new Date(epochMs).toISOString() : null;
}

/**
 * Producer side of the `bulk-scoring` queue: enqueues a run and reads its progress back. A run's progress
 * is the sum of its chunk jobs' outcomes, since the chunks are done by whichever workers take them.
 */
@Injectable()
export class BulkScoringService {
  constructor(
    @InjectQueue(QUEUES.bulkScoring) private readonly queue: Queue<BulkScoringJob | BulkScoringChunkJob>,
    private readonly leads: LeadSource,
    private readonly reachability: QueueReachability,
  ) {}

  /** Runs `work` only while the queue reaches Redis: a 503 at once otherwise, for request paths. */
  whileReachable<T>(work: () => Promise<T>): Promise<T> {
    return this.reachability.run([this.queue], work);
  }

  /** A 503 at once when the queue has lost Redis, with no time limit on what follows. */
  assertReachable(): void {
    this.reachability.assertConnected([this.queue]);
  }

  /**
   * Queues a run. A given `run_id` is also the job id, so asking twice for the same run (a retried
   * maintenance job) queues it once. A `delay` holds it back (a publish rescoring waiting for the one
   * before it, see PublishRescoring).
   */
  async enqueue(request: BulkScoringJob, options: { delay?: number } = {}): Promise<BulkJobStatus> {
    const total =
      request.recalculate_all === true ? await this.leads.count() : new Set(request.lead_ids).size;
    const job = await this.queue.add(
      BULK_JOBS.run,
      { ...request, run_id: request.run_id ?? randomUUID() },
      { ...RUN_OPTIONS, ...options, ...(request.run_id ? { jobId: request.run_id } : {}) },
    );
    await job.progress({ total, processed: 0, failed: 0 } satisfies BulkProgress);
    return this.status(String(job.id));
  }

  async status(jobId: string): Promise<BulkJobStatus> {
    const job = await this.queue.getJob(jobId);
    if (!job || job.name !== BULK_JOBS.run) {
      throw new DomainError(ErrorCode.NOT_FOUND, `bulk scoring job ${jobId} does not exist`);
    }
    const state = await job.getState();
    // Read again once it has finished, so that its plan and finish time agree with the state.
    const run = state === 'completed' ? ((await this.queue.getJob(jobId)) ?? job) : job;
    const planned: unknown = run.returnvalue;
    if (state !== 'completed' || !isRunPlan(planned)) {
      const progress = run.progress() as Partial<BulkProgress> | undefined;
      return {
        job_id: String(run.id),
        state,
        total: progress?.total ?? 0,
        processed: 0,
        failed: 0,
        started_at: isoOrNull(run.processedOn),
        finished_at: state === 'failed' ? isoOrNull(run.finishedOn) : null,
      };
    }
    return this.runStatus(run, planned);
  }

  private async runStatus(run: Job, plan: BulkRunPlan): Promise<BulkJobStatus> {
    const chunks = await Promise.all(
      Array.from({ length: plan.chunks }, (_, index) => this.queue.getJob(chunkJobId(plan.run_id, index))),
    );
    let processed = 0;
    let failed = 0;
    let finishedAt = run.finishedOn ?? 0;
    let open = 0;
    for (const chunk of chunks) {
      // A chunk job that has expired from Redis finished long ago; its outcome is no longer known.
      if (!chunk) continue;
      const outcome: unknown = chunk.returnvalue;
      if (isChunkOutcome(outcome)) {
        processed += outcome.processed;
        failed += outcome.failed;
      } else if (chunk.finishedOn && chunk.failedReason !== undefined) {
        // out of attempts: every lead of the chunk counts as failed
        const size = (chunk.data as BulkScoringChunkJob).size;
        processed += size;
        failed += size;
      } else {
        open += 1;
        continue;
      }
      finishedAt = Math.max(finishedAt, chunk.finishedOn ?? 0);
    }
    return {
      job_id: String(run.id),
      state: open > 0 ? 'active' : 'completed',
      total: plan.total,
      processed,
      failed,
      started_at: isoOrNull(run.processedOn),
      finished_at: open > 0 ? null : isoOrNull(finishedAt),
    };
  }
}
