import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { type BulkScoringJob, QUEUES } from '@leadflow/jobs';
import type { BulkProgress } from '../bulk-scoring.service';
import { LeadSource } from '../lead-source';
import { ScoringService } from '../scoring.service';

const CHUNK_SIZE = 200;

/**
 * Recalculates the job's leads in chunks (one read of leads and activities per chunk), reporting
 * `{total, processed, failed}` after each chunk. A missing or failing lead is counted, not fatal. Re-running the job (a retry after a crash) only appends one
 * more calculation per lead, so it is safe.
 */
@Processor(QUEUES.bulkScoring)
export class BulkScoringProcessor {
  constructor(
    private readonly scoring: ScoringService,
    private readonly leads: LeadSource,
  ) {}

  @Process()
  async run(job: Job<BulkScoringJob>): Promise<BulkProgress> {
    const ids =
      job.data.recalculate_all === true ? await this.leads.allIds() : [...new Set(job.data.lead_ids ?? [])];
    const progress: BulkProgress = { total: ids.length, processed: 0, failed: 0 };
    await job.progress({ ...progress });
    // One `now` for the whole run, so every lead of it is scored at the same instant.
    const now = new Date();
    for (let start = 0; start < ids.length; start += CHUNK_SIZE) {
      const chunk = await this.scoring.calculateMany(ids.slice(start, start + CHUNK_SIZE), now);
      progress.processed += chunk.processed;
      progress.failed += chunk.failed;
      await job.progress({ ...progress });
    }
    return progress;
  }
}
