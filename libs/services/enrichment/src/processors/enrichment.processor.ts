import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { DomainError } from '@leadflow/domain';
import { type EnrichmentJob, QUEUES } from '@leadflow/jobs';
import { OutboundError } from '@leadflow/outbound';
import { EnrichmentProviderError } from '../http-provider';
import { type EnrichmentOutcome, LeadEnricher } from '../lead-enricher';

/**
 * Whether another attempt could succeed: a refused destination (SSRF guard), a 4xx, a body that is not JSON
 * or a source this worker does not know stay wrong however often they are tried; 5xx after the provider's
 * own retries, 429, timeouts, network and database errors may pass.
 */
export function isRetryableEnrichmentError(error: unknown): boolean {
  if (error instanceof OutboundError || error instanceof EnrichmentProviderError) return error.retryable;
  return !(error instanceof DomainError);
}

/**
 * Jobs run at once per worker process: HTTP sources spend most of a job waiting on the network, and each
 * source's rate limit, not this number, bounds the load on it.
 */
export const ENRICHMENT_CONCURRENCY = 4;

/**
 * Runs `enrichment` jobs. The job's message is what the API shows as its error, so a refused SSRF attempt
 * reads "outbound request to http://169.254.169.254/... refused: address ... is link-local, not public".
 */
@Processor(QUEUES.enrichment)
export class EnrichmentProcessor {
  constructor(private readonly enricher: LeadEnricher) {}

  @Process({ concurrency: ENRICHMENT_CONCURRENCY })
  async run(job: Job<EnrichmentJob>): Promise<EnrichmentOutcome> {
    try {
      return await this.enricher.enrich(job.data.lead_id, job.data.source, job.data.overwrite === true);
    } catch (error) {
      // Bull would otherwise spend every attempt (with backoff) on an error that cannot go away.
      if (!isRetryableEnrichmentError(error)) await job.discard();
      throw error;
    }
  }
}
