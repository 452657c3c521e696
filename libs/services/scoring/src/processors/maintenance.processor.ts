import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { type MaintenanceJob, QUEUES } from '@leadflow/jobs';
import { BulkScoringService } from '../bulk-scoring.service';

/** The repeatable job's name on the `maintenance` queue. */
export const DAILY_RECALCULATION = 'daily-recalculation';

/**
 * Each occurrence of the daily recalculation queues one bulk run over every lead, named after the
 * occurrence's job id: a retried occurrence finds its run queued already instead of queueing a second.
 * The run rescores through the ordinary bulk path, so time-based facts (days_since_creation,
 * last_activity_days_ago) move scores and fire threshold and stage triggers as any other change does.
 */
@Processor(QUEUES.maintenance)
export class MaintenanceProcessor {
  constructor(private readonly bulk: BulkScoringService) {}

  @Process({ name: DAILY_RECALCULATION })
  async recalculateAll(job: Job<MaintenanceJob>): Promise<{ run_job_id: string; total: number }> {
    const runId = `daily-${String(job.id).replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const run = await this.bulk.enqueue({ recalculate_all: true, run_id: runId });
    return { run_job_id: run.job_id, total: run.total };
  }
}
