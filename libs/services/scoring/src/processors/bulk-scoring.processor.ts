import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Inject, Logger } from '@nestjs/common';
import type { Job, JobOptions, Queue } from 'bull';
import { CONFIG, type Config } from '@leadflow/config';
import { type BulkScoringChunkJob, type BulkScoringJob, QUEUES } from '@leadflow/jobs';
import { ActiveRuleSet } from '../active-rule-set';
import { BULK_JOBS, type BulkRunPlan, chunkJobId, planChunks } from '../bulk-run-plan';
import { BulkScorer, type ChunkOutcome } from '../bulk-scorer';
import { LeadSource } from '../lead-source';

/** Chunks one worker process scores at once: one computes while the other waits on the database. */
const CHUNKS_IN_FLIGHT = 2;

const CHUNK_OPTIONS: JobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  // Kept while the run's status may still be read: the status adds up its chunks' outcomes.
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * The `bulk-scoring` queue. A `run` job only plans: it fixes the run's instant and rule-set version, cuts
 * the leads into `chunk` jobs with fixed ids (added in one transaction, so a run job done again adds none
 * twice) and returns where they are. Chunk jobs are ordinary jobs, so every worker process takes some, and
 * each is safe to do again (see BulkScorer).
 */
@Processor(QUEUES.bulkScoring)
export class BulkScoringProcessor {
  private readonly logger = new Logger('bulk-scoring');

  constructor(
    private readonly scorer: BulkScorer,
    private readonly leads: LeadSource,
    private readonly activeRuleSet: ActiveRuleSet,
    @InjectQueue(QUEUES.bulkScoring) private readonly queue: Queue<BulkScoringChunkJob>,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Process({ name: BULK_JOBS.run })
  async plan(job: Job<BulkScoringJob>): Promise<BulkRunPlan> {
    const runId = job.data.run_id ?? `run-${String(job.id)}`;
    const everyLead = job.data.recalculate_all === true;
    const [ids, context] = await Promise.all([
      everyLead ? this.leads.allIds() : Promise.resolve([...new Set(job.data.lead_ids ?? [])]),
      this.activeRuleSet.current(),
    ]);
    const base = {
      run_id: runId,
      calculated_at: new Date().toISOString(),
      rule_set_version: context.version,
    };
    const chunks = planChunks(base, ids, this.config.BULK_CHUNK_SIZE, everyLead);
    await this.queue.addBulk(
      chunks.map((data, index) => ({
        name: BULK_JOBS.chunk,
        data,
        opts: { ...CHUNK_OPTIONS, jobId: chunkJobId(runId, index) },
      })),
    );
    return { run_id: runId, total: ids.length, chunks: chunks.length };
  }

  @Process({ name: BULK_JOBS.chunk, concurrency: CHUNKS_IN_FLIGHT })
  async chunk(job: Job<BulkScoringChunkJob>): Promise<ChunkOutcome> {
    const started = Date.now();
    const outcome = await this.scorer.scoreChunk(job.data);
    this.logger.log(
      `bulk chunk ${String(job.id)}: ${outcome.processed} leads, ${outcome.failed} failed, ${Date.now() - started} ms`,
    );
    return outcome;
  }
}
