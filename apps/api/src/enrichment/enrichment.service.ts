import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { EnrichmentQueueService, type EnrichmentJobStatus, sameValue } from '@leadflow/enrichment';
import { ENRICHABLE_LEAD_FIELDS, LeadEnrichmentRepository } from '@leadflow/persistence';
import type { EnrichmentBatchDto, FieldProvenanceDto, LeadEnrichmentDto } from './dto/enrichment.dto';

/**
 * The enrichment API: queue jobs for one or many leads, read them back, show a lead's provenance. Calls on
 * the queue answer a 503 at once while Redis is down rather than waiting for it (see QueueReachability).
 */
@Injectable()
export class EnrichmentService {
  constructor(
    private readonly jobs: EnrichmentQueueService,
    private readonly leads: LeadEnrichmentRepository,
  ) {}

  sources(): { sources: string[] } {
    return { sources: this.jobs.sources() };
  }

  async enrichOne(leadId: number, source: string, overwrite: boolean): Promise<EnrichmentJobStatus> {
    const [job] = await this.jobs.whileReachable(() => this.jobs.enqueue([leadId], source, overwrite));
    if (!job) throw new Error('queuing one enrichment returned no job');
    return job;
  }

  async enrichMany(leadIds: number[], source: string, overwrite: boolean): Promise<EnrichmentBatchDto> {
    const jobs = await this.jobs.whileReachable(() => this.jobs.enqueue(leadIds, source, overwrite));
    return { source, count: jobs.length, jobs };
  }

  job(jobId: number): Promise<EnrichmentJobStatus> {
    return this.jobs.whileReachable(() => this.jobs.status(String(jobId)));
  }

  async provenance(leadId: number): Promise<LeadEnrichmentDto> {
    const lead = await this.leads.read(leadId);
    if (!lead) throw new DomainError(ErrorCode.LEAD_NOT_FOUND, `Lead ${leadId} not found`);
    const fields: Record<string, FieldProvenanceDto> = {};
    for (const field of ENRICHABLE_LEAD_FIELDS) {
      const entry = lead.provenance[field];
      if (!entry) continue;
      fields[field] = {
        value: entry.value,
        source: entry.source,
        fetched_at: entry.fetched_at,
        current: sameValue(entry.value, lead.values[field]),
      };
    }
    return { lead_id: leadId, fields };
  }
}
