import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { type LeadDocument, LEAD_MODEL } from './lead.schema';

/** The lead fields an enrichment may fill. */
export const ENRICHABLE_LEAD_FIELDS = [
  'company_revenue',
  'industry',
  'company_size',
  'technologies',
  'social_profiles',
  'job_level',
] as const;
export type EnrichableLeadField = (typeof ENRICHABLE_LEAD_FIELDS)[number];

/** Where a stored enriched value came from: `{ value, source, fetched_at }` per field. */
export interface StoredProvenance {
  value: unknown;
  source: string;
  fetched_at: string;
}

/** What an enrichment reads of a lead: who it is, its current values and their provenance. */
export interface LeadEnrichmentState {
  id: number;
  email: string | null;
  company: string | null;
  title: string | null;
  /** The score and stage as they are, for the field_update event an enrichment fires. */
  score: number;
  qualification_stage: string;
  values: Record<EnrichableLeadField, unknown>;
  /** `enrichment.<field>` of the lead document; absent for a value no enrichment wrote. */
  provenance: Partial<Record<EnrichableLeadField, StoredProvenance>>;
  /** The document's `updated_at`: the version an enrichment write is conditional on. */
  version: Date;
}

type StoredLead = Omit<LeadDocument, 'enrichment'> & { enrichment?: Record<string, StoredProvenance> };

/** What an enrichment reads of a stored lead. */
export function enrichmentStateOf(lead: LeadDocument): LeadEnrichmentState {
  const values = Object.fromEntries(
    ENRICHABLE_LEAD_FIELDS.map((field) => [field, lead[field] ?? null]),
  ) as Record<EnrichableLeadField, unknown>;
  const stored = (lead as StoredLead).enrichment ?? {};
  const provenance: Partial<Record<EnrichableLeadField, StoredProvenance>> = {};
  for (const field of ENRICHABLE_LEAD_FIELDS) {
    const entry = stored[field];
    if (entry && typeof entry === 'object' && typeof entry.source === 'string') provenance[field] = entry;
  }
  return {
    id: lead.id,
    email: lead.email,
    company: lead.company,
    title: lead.title,
    score: lead.score,
    qualification_stage: lead.qualification_stage,
    values,
    provenance,
    version: lead.updated_at,
  };
}

/** The update that sets enriched values and their provenance (`enrichment.<field>`). */
export function enrichmentSet(
  values: Partial<Record<EnrichableLeadField, unknown>>,
  provenance: Partial<Record<EnrichableLeadField, StoredProvenance>>,
): Record<string, unknown> {
  const set: Record<string, unknown> = { ...values };
  for (const [field, entry] of Object.entries(provenance)) set[`enrichment.${field}`] = entry;
  return set;
}

/**
 * Reads the enrichment of leads: the enrichable fields and their provenance in an `enrichment` sub-document
 * of the lead (`enrichment.industry = { value, source, fetched_at }`). They are written as any change of a
 * lead's fields is (LeadChanges, with enrichmentSet), conditional on the lead as read, so a value a user
 * typed between the read and the write is never overwritten.
 */
@Injectable()
export class LeadEnrichmentRepository {
  constructor(@InjectModel(LEAD_MODEL) private readonly leads: Model<LeadDocument>) {
    // The same model the leads repository registers; the provenance sub-document is not part of the client
    // schema, so writes to it pass `strict: false`.
  }

  /** Which of `ids` are leads, so a request naming a missing one can be refused before anything is queued. */
  async existingIds(ids: readonly number[]): Promise<Set<number>> {
    const rows = await this.leads.find({ id: { $in: [...ids] } }, { _id: 0, id: 1 }).lean<{ id: number }[]>();
    return new Set(rows.map((row) => row.id));
  }

  async read(id: number): Promise<LeadEnrichmentState | null> {
    const lead = await this.leads.findOne({ id }, { _id: 0 }).lean<LeadDocument>();
    return lead && enrichmentStateOf(lead);
  }
}
