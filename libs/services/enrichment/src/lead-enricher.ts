import { Injectable } from '@nestjs/common';
import { LeadRescoringService } from '@leadflow/jobs';
import { enrichmentSet, enrichmentStateOf, LeadEnrichmentRepository } from '@leadflow/persistence';
import { LeadChanges } from '@leadflow/qualification-runs';
import { planEnrichment } from './enrichment-plan';
import { EnrichmentProviderRegistry } from './provider-registry';
import type { EnrichmentField } from './types';

/** What one enrichment of one lead did; the job's return value, readable through the API. */
export interface EnrichmentOutcome {
  lead_id: number;
  source: string;
  /** false when the lead was deleted before the job ran: nothing to enrich. */
  lead_found: boolean;
  /** false when the provider knows nothing about the lead. */
  matched: boolean;
  updated_fields: EnrichmentField[];
  refreshed_fields: EnrichmentField[];
  /** Values a user typed, left alone because `overwrite` was not asked for. */
  kept_fields: EnrichmentField[];
  rescoring_queued: boolean;
}

/**
 * Enriches one lead: asks the source's provider, decides field by field (planEnrichment), writes values and
 * provenance only if the lead did not change meanwhile (else it reads and decides again), fires the
 * field_update triggers of the fields it changed, and queues the lead's rescoring (one pending job per lead)
 * when it wrote anything.
 */
@Injectable()
export class LeadEnricher {
  constructor(
    private readonly providers: EnrichmentProviderRegistry,
    private readonly leads: LeadEnrichmentRepository,
    private readonly rescoring: LeadRescoringService,
    private readonly changes: LeadChanges,
  ) {}

  async enrich(leadId: number, source: string, overwrite: boolean): Promise<EnrichmentOutcome> {
    const provider = this.providers.require(source);
    const outcome: EnrichmentOutcome = {
      lead_id: leadId,
      source,
      lead_found: false,
      matched: false,
      updated_fields: [],
      refreshed_fields: [],
      kept_fields: [],
      rescoring_queued: false,
    };
    const lead = await this.leads.read(leadId);
    if (!lead) return outcome;
    outcome.lead_found = true;
    // The provider is asked once; a lead edited while we write is merged again with the same answer.
    const result = await provider.enrich({ email: lead.email, company: lead.company, title: lead.title });
    if (!result) return outcome;
    outcome.matched = true;
    const fetchedAt = new Date();
    // Written as an edit is (field_update workflows watching a changed field fire), and only onto the lead
    // as planned: one a user edited meanwhile is planned again.
    const changed = await this.changes.change(
      leadId,
      (stored) => {
        const plan = planEnrichment(enrichmentStateOf(stored), result, source, fetchedAt, overwrite);
        return { set: enrichmentSet(plan.values, plan.provenance), outcome: plan };
      },
      fetchedAt,
    );
    if (!changed) {
      outcome.lead_found = false;
      return outcome;
    }
    outcome.updated_fields = changed.outcome.updated;
    outcome.refreshed_fields = changed.outcome.refreshed;
    outcome.kept_fields = changed.outcome.kept;
    // A refresh queues it too: a retried job whose first run wrote but died (or found Redis away) before
    // queuing still rescores. Failing to queue fails the job, so Bull retries it rather than the rescoring
    // being lost; the retry writes the same values as refreshes, which fire no field_update trigger again.
    if (outcome.updated_fields.length > 0 || outcome.refreshed_fields.length > 0) {
      await this.rescoring.enqueueOrThrow([leadId]);
      outcome.rescoring_queued = true;
    }
    return outcome;
  }
}
