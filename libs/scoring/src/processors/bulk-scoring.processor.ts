import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { type BulkScoringJob, QUEUES } from '@leadflow/jobs';
import type { BulkProgress } from '../bulk-scoring.service';
import { LeadSource } from '../lead-source';
import { ScoringService } from '../scoring.service';

const CHUNK_SIZE = 200;
/** Calculations in flight at once inside a chunk: enough to hide database latency. */
const CONCURRENCY = 16;

/**
 * Recalculates the job's leads in chunks, reporting `{total, processed, failed}` after each chunk. A lead
 * that fails is counted and logged, not fatal. Re-running the job (a retry after a crash) only appends one
 * more calculation per lead, so it is safe.
 */
@Processor(QUEUES.bulkScoring)
export class BulkScoringProcessor {
  private readonly logger = new Logger(BulkScoringProcessor.name);

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
      const chunk = ids.slice(start, start + CHUNK_SIZE);
      for (let offset = 0; offset < chunk.length; offset += CONCURRENCY) {
        const outcomes = await Promise.allSettled(
          chunk.slice(offset, offset + CONCURRENCY).map((leadId) => this.scoring.calculate(leadId, { now })),
        );
        for (const outcome of outcomes) {
          progress.processed += 1;
          if (outcome.status === 'rejected') {
            progress.failed += 1;
            this.logger.warn(`bulk job ${String(job.id)}: ${String(outcome.reason)}`);
          }
        }
      }
      await job.progress({ ...progress });
    }
    return progress;
  }
}
