import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { QUEUES, type ScoringJob } from '@leadflow/jobs';
import { ScoringService } from '../scoring.service';

/**
 * The idempotency key of one rescoring job: its id and the time it was queued. A retried or stalled job run
 * again keeps both, so it finds its first run's history entry; a later job for the same lead reuses the id
 * `lead:<id>` (finished jobs are removed) but not the time, so it is a calculation of its own.
 */
export function scoringJobKey(job: Pick<Job, 'id' | 'timestamp'>): string {
  return `scoring-${String(job.id).replace(/[^A-Za-z0-9_-]/g, '_')}-${job.timestamp}`;
}

/**
 * Recalculates one lead after a change to it (jobs `lead:<id>`, one pending per lead), once per job however
 * often Bull runs it. A lead deleted since the job was queued has nothing to score, so the job simply
 * completes.
 */
@Processor(QUEUES.scoring)
export class ScoringProcessor {
  constructor(private readonly scoring: ScoringService) {}

  @Process()
  async run(job: Job<ScoringJob>): Promise<{ lead_id: number; score: number | null }> {
    try {
      const { score } = await this.scoring.calculate(job.data.lead_id, {
        idempotencyKey: scoringJobKey(job),
      });
      return { lead_id: job.data.lead_id, score: score.score };
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.LEAD_NOT_FOUND) {
        return { lead_id: job.data.lead_id, score: null };
      }
      throw error;
    }
  }
}
