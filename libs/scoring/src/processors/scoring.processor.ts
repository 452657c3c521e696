import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { QUEUES, type ScoringJob } from '@leadflow/jobs';
import { ScoringService } from '../scoring.service';

/**
 * Recalculates one lead after a change to it (jobs `lead:<id>`, one pending per lead). A lead deleted since
 * the job was queued has nothing to score, so the job simply completes.
 */
@Processor(QUEUES.scoring)
export class ScoringProcessor {
  constructor(private readonly scoring: ScoringService) {}

  @Process()
  async run(job: Job<ScoringJob>): Promise<{ lead_id: number; score: number | null }> {
    try {
      const { score } = await this.scoring.calculate(job.data.lead_id);
      return { lead_id: job.data.lead_id, score: score.score };
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.LEAD_NOT_FOUND) {
        return { lead_id: job.data.lead_id, score: null };
      }
      throw error;
    }
  }
}
