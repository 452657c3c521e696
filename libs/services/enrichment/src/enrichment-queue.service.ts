import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { CONFIG, type Config } from '@leadflow/config';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { type EnrichmentJob, QUEUES, QueueReachability, readJobSnapshot } from '@leadflow/jobs';
import { LeadEnrichmentRepository } from '@leadflow/persistence';
import type { EnrichmentOutcome } from './lead-enricher';
import { EnrichmentProviderRegistry } from './provider-registry';

/** An enrichment job as the API shows it: what it was asked, where it is, and what it did or why it failed. */
export interface EnrichmentJobStatus {
  job_id: string;
  lead_id: number;
  source: string;
  overwrite: boolean;
  /** waiting, active, delayed (waiting for a retry), completed or failed */
  state: string;
  attempts_made: number;
  max_attempts: number;
  /** The last failure's message (a failed job, or a job waiting for its next attempt). */
  error: string | null;
  result: EnrichmentOutcome | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const isoOrNull = (epochMs: number | null | undefined): string | null =>
  typeof epochMs === 'number' ? new Date(epochMs).toISOString() : null;

/** Bull's default ids: positive integers, so that the path parameter is checked like every other id. */
const JOB_ID = /^[1-9]\d{0,15}$/;

/**
 * Producer side of the `enrichment` queue. Every lead and the source are checked before anything is queued,
 * so a request either queues all its jobs or none. Jobs carry ids only and stay readable for a week.
 */
@Injectable()
export class EnrichmentQueueService {
  constructor(
    @InjectQueue(QUEUES.enrichment) private readonly queue: Queue<EnrichmentJob>,
    @Inject(CONFIG) private readonly config: Config,
    private readonly providers: EnrichmentProviderRegistry,
    private readonly leads: LeadEnrichmentRepository,
    private readonly reachability: QueueReachability,
  ) {}

  /** Runs `work` only while the queue reaches Redis: a 503 at once otherwise, for request paths. */
  whileReachable<T>(work: () => Promise<T>): Promise<T> {
    return this.reachability.run([this.queue], work);
  }

  sources(): string[] {
    return this.providers.names();
  }

  async enqueue(
    leadIds: readonly number[],
    source: string,
    overwrite: boolean,
  ): Promise<EnrichmentJobStatus[]> {
    this.providers.require(source);
    const unique = [...new Set(leadIds)];
    const existing = await this.leads.existingIds(unique);
    const missing = unique.filter((id) => !existing.has(id));
    if (missing.length > 0) {
      throw new DomainError(
        ErrorCode.LEAD_NOT_FOUND,
        `${missing.length === 1 ? 'Lead' : 'Leads'} ${missing.join(', ')} not found`,
        missing.map((id) => ({
          pointer: '/lead_ids',
          code: 'not_found',
          message: `lead ${id} does not exist`,
        })),
      );
    }
    const jobs = await this.queue.addBulk(
      unique.map((leadId) => ({
        data: { lead_id: leadId, source, overwrite },
        opts: {
          attempts: this.config.ENRICHMENT_JOB_ATTEMPTS,
          backoff: { type: 'exponential', delay: 2_000 },
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      })),
    );
    return jobs.map((job) => this.statusOf(job, 'waiting'));
  }

  async status(jobId: string): Promise<EnrichmentJobStatus> {
    const snapshot = JOB_ID.test(jobId) ? await readJobSnapshot(this.queue, jobId) : null;
    if (!snapshot) throw new DomainError(ErrorCode.NOT_FOUND, `enrichment job ${jobId} does not exist`);
    return this.statusOf(snapshot.job, snapshot.state);
  }

  private statusOf(job: Job<EnrichmentJob>, state: string): EnrichmentJobStatus {
    const result = (job.returnvalue ?? null) as EnrichmentOutcome | null;
    return {
      job_id: String(job.id),
      lead_id: job.data.lead_id,
      source: job.data.source,
      overwrite: job.data.overwrite === true,
      state,
      attempts_made: job.attemptsMade,
      max_attempts: job.opts.attempts ?? 1,
      error: state === 'completed' ? null : (job.failedReason ?? null),
      result: state === 'completed' ? result : null,
      created_at: new Date(job.timestamp).toISOString(),
      started_at: isoOrNull(job.processedOn),
      finished_at: isoOrNull(job.finishedOn),
    };
  }
}
