import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { type BulkScoringJob, QUEUES } from '@leadflow/jobs';
import { LeadSource } from './lead-source';

/** What a bulk job reports while it runs (Bull job progress) and when it is done (its return value). */
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

function isBulkProgress(value: unknown): value is BulkProgress {
  return typeof value === 'object' && value !== null && typeof (value as BulkProgress).total === 'number';
}

function isoOrNull(epochMs: number | undefined | null): string | null {
  return typeof epochMs === 'number' ? new Date(epochMs).toISOString() : null;
}

/** Producer side of the `bulk-scoring` queue: enqueues a run and reads its progress back. */
@Injectable()
export class BulkScoringService {
  constructor(
    @InjectQueue(QUEUES.bulkScoring) private readonly queue: Queue<BulkScoringJob>,
    private readonly leads: LeadSource,
  ) {}

  async enqueue(request: BulkScoringJob): Promise<BulkJobStatus> {
    const total =
      request.recalculate_all === true ? await this.leads.count() : new Set(request.lead_ids).size;
    const job = await this.queue.add(request, {
      attempts: 3,
      backoff: { type: 'exponential', delay: 1_000 },
      // keep finished runs for a day so that their progress can still be read
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    await job.progress({ total, processed: 0, failed: 0 } satisfies BulkProgress);
    return this.statusOf(job);
  }

  async status(jobId: string): Promise<BulkJobStatus> {
    const job = await this.queue.getJob(jobId);
    if (!job) throw new DomainError(ErrorCode.NOT_FOUND, `bulk scoring job ${jobId} does not exist`);
    return this.statusOf(job);
  }

  private async statusOf(loaded: Job<BulkScoringJob>): Promise<BulkJobStatus> {
    const state = await loaded.getState();
    // The job may have finished between loading it and reading its state: read it again so that its
    // finish time and final counts agree with the state.
    const job =
      state === 'completed' || state === 'failed' ? ((await this.queue.getJob(loaded.id)) ?? loaded) : loaded;
    const finished: unknown = job.returnvalue;
    const progress: unknown = isBulkProgress(finished) ? finished : job.progress();
    const counts = isBulkProgress(progress) ? progress : { total: 0, processed: 0, failed: 0 };
    return {
      job_id: String(job.id),
      state,
      total: counts.total,
      processed: counts.processed,
      failed: counts.failed,
      started_at: isoOrNull(job.processedOn),
      finished_at: isoOrNull(job.finishedOn),
    };
  }
}
