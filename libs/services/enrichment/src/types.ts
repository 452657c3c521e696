import { ENRICHABLE_LEAD_FIELDS } from '@leadflow/persistence';

/** What an enrichment provider is asked about: the lead's own fields that identify a person and a company. */
export interface EnrichmentLead {
  email?: string | null;
  company?: string | null;
  title?: string | null;
}

export const JOB_LEVELS = ['entry', 'mid', 'senior', 'executive'] as const;
export type JobLevel = (typeof JOB_LEVELS)[number];

/**
 * Fields a provider may fill; each is absent when the provider does not know it. `company_revenue` is annual
 * revenue in US dollars (a range such as "$10M-$50M" becomes its lower bound), `company_size` a head-count
 * bucket as the guide writes it ("51-200"), `social_profiles` handles per network (`{ twitter: "acme" }`).
 */
export interface EnrichmentResult {
  company_revenue?: number;
  industry?: string;
  company_size?: string;
  technologies?: string[];
  social_profiles?: Record<string, string>;
  job_level?: JobLevel;
}

export type EnrichmentField = keyof EnrichmentResult;
/** The fields an enrichment fills: the lead fields persistence stores with their provenance. */
export const ENRICHMENT_FIELDS: readonly EnrichmentField[] = ENRICHABLE_LEAD_FIELDS;

/** A source of enrichment, looked up by `name` (the `source` of an enrichment request). */
export interface EnrichmentProvider {
  readonly name: string;
  /** Resolves to null when the provider knows nothing about the lead. */
  enrich(lead: EnrichmentLead): Promise<EnrichmentResult | null>;
}

/** A stored enriched value: where it came from and when, so a later enrichment or a user can judge it. */
export interface ProvenancedValue<T> {
  value: T;
  source: string;
  fetched_at: string;
}

export type ProvenancedResult = {
  [F in EnrichmentField]?: ProvenancedValue<NonNullable<EnrichmentResult[F]>>;
};

/** Attaches provenance to every field of a result. Pure: the caller passes the time. */
export function withProvenance(result: EnrichmentResult, source: string, fetchedAt: Date): ProvenancedResult {
  const fetched_at = fetchedAt.toISOString();
  const out: Record<string, ProvenancedValue<unknown>> = {};
  for (const field of ENRICHMENT_FIELDS) {
    const value = result[field];
    if (value !== undefined) out[field] = { value, source, fetched_at };
  }
  return out;
}

/** Drops empty values (empty strings, lists and objects, non-finite numbers) so "unknown" is always absent. */
export function compactResult(result: EnrichmentResult): EnrichmentResult | null {
  const out: EnrichmentResult = {};
  if (result.company_revenue !== undefined && Number.isFinite(result.company_revenue)) {
    out.company_revenue = result.company_revenue;
  }
  if (result.industry?.trim()) out.industry = result.industry.trim();
  if (result.company_size?.trim()) out.company_size = result.company_size.trim();
  if (result.technologies && result.technologies.length > 0) out.technologies = result.technologies;
  if (result.social_profiles && Object.keys(result.social_profiles).length > 0) {
    out.social_profiles = result.social_profiles;
  }
  if (result.job_level !== undefined) out.job_level = result.job_level;
  return Object.keys(out).length > 0 ? out : null;
}
