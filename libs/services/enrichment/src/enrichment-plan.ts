import {
  ENRICHMENT_FIELDS,
  type EnrichmentField,
  type EnrichmentResult,
  type ProvenancedValue,
  withProvenance,
} from './types';

/** A lead as an enrichment finds it: its current values and the provenance of those an enrichment wrote. */
export interface CurrentEnrichment {
  values: Partial<Record<EnrichmentField, unknown>>;
  provenance: Partial<Record<EnrichmentField, { value: unknown; source: string }>>;
}

/** What to write, and what each field of the result came to. */
export interface EnrichmentPlan {
  values: Partial<Record<EnrichmentField, unknown>>;
  provenance: Partial<Record<EnrichmentField, ProvenancedValue<unknown>>>;
  /** Fields whose value changes (empty before, or an older enriched value). */
  updated: EnrichmentField[];
  /** Fields that already held this value from an enrichment: only the provenance is renewed. */
  refreshed: EnrichmentField[];
  /** Fields holding a value a user typed, left alone because `overwrite` was not asked for. */
  kept: EnrichmentField[];
}

/** null, '', [] and {} are "no value": an enrichment may always fill them. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** JSON with sorted object keys, so that equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

export const sameValue = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/**
 * Decides, field by field, what an enrichment result does to a lead. A value counts as typed by a user when
 * it is not empty and differs from what the last enrichment of that field wrote (or no enrichment wrote it):
 * such a value is kept unless `overwrite` is true. Everything else takes the new value with its provenance.
 * Pure and deterministic: running it again on its own outcome changes no value, so jobs are idempotent.
 */
export function planEnrichment(
  current: CurrentEnrichment,
  result: EnrichmentResult,
  source: string,
  fetchedAt: Date,
  overwrite: boolean,
): EnrichmentPlan {
  const stamped = withProvenance(result, source, fetchedAt) as Partial<
    Record<EnrichmentField, ProvenancedValue<unknown>>
  >;
  const plan: EnrichmentPlan = { values: {}, provenance: {}, updated: [], refreshed: [], kept: [] };
  for (const field of ENRICHMENT_FIELDS) {
    const incoming = stamped[field];
    if (!incoming) continue;
    const existing = current.values[field];
    const enrichedBefore = current.provenance[field];
    const typedByUser =
      !isEmptyValue(existing) && !(enrichedBefore && sameValue(enrichedBefore.value, existing));
    if (typedByUser && !overwrite) {
      plan.kept.push(field);
      continue;
    }
    plan.provenance[field] = incoming;
    if (sameValue(existing, incoming.value)) {
      plan.refreshed.push(field);
    } else {
      plan.values[field] = incoming.value;
      plan.updated.push(field);
    }
  }
  return plan;
}
