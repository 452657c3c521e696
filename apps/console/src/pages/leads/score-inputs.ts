/**
 * What changed in a lead's inputs between two of its calculations, from what is already stored with its own
 * time: the lead's activities (when each was recorded) and the provenance of its enriched fields (when each
 * value was fetched). A calculation's history entry keeps no copy of the facts it read; it keeps the lead's
 * `inputs_version`, which every write of an input advances, so writes that neither explains (field edits,
 * predictions) are still counted.
 */

export interface InputRecords {
  /** the lead's activities; `created_at` is when the platform learned of it, so when a calculation could */
  activities: readonly { type: string; created_at: string }[];
  /** GET leads/{id}/enrichment/: per enriched field, its value, source and when it was fetched */
  enriched: Readonly<Record<string, { value: unknown; source: string; fetched_at: string }>>;
}

export type InputChange =
  | { kind: 'activities'; type: string; count: number }
  | { kind: 'enriched'; field: string; value: unknown; source: string }
  /** input writes beyond those the activities and enriched fields account for */
  | { kind: 'other'; writes: number; from: number; to: number };

/** One calculation as far as its inputs go: when it was made and the lead's inputs version it read. */
export interface Calculation {
  calculated_at: string;
  /** 0 on entries from before the version was recorded */
  inputs_version: number;
}

const within = (at: string, after: number, upTo: number) => {
  const time = Date.parse(at);
  return time > after && time <= upTo;
};

/** The inputs recorded after `before` was calculated and up to `after`: activities by type, then fields. */
export function inputsBetween(before: Calculation, after: Calculation, records: InputRecords): InputChange[] {
  const [from, upTo] = [Date.parse(before.calculated_at), Date.parse(after.calculated_at)];
  const counts = new Map<string, number>();
  for (const activity of records.activities)
    if (within(activity.created_at, from, upTo))
      counts.set(activity.type, (counts.get(activity.type) ?? 0) + 1);
  const activities = [...counts]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([type, count]): InputChange => ({ kind: 'activities', type, count }));
  const enriched = Object.entries(records.enriched)
    .filter(([, provenance]) => within(provenance.fetched_at, from, upTo))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, { value, source }]): InputChange => ({ kind: 'enriched', field, value, source }));
  // Each recorded activity and each enrichment advance the version at most once (a batch may do it once for
  // many), so writes beyond their number were other writes for certain.
  const writes = after.inputs_version - before.inputs_version;
  const accounted = [...counts.values()].reduce((sum, count) => sum + count, 0) + enriched.length;
  const other: InputChange[] =
    before.inputs_version > 0 && writes > accounted
      ? [{ kind: 'other', writes: writes - accounted, from: before.inputs_version, to: after.inputs_version }]
      : [];
  return [...activities, ...enriched, ...other];
}

const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** An input change in words: "2 × email_opened recorded", "industry → SaaS (enriched from clearbit)". */
export function describeInput(input: InputChange): string {
  switch (input.kind) {
    case 'activities':
      return `${input.count} × ${input.type} recorded`;
    case 'enriched':
      return `${input.field} → ${shown(input.value)} (enriched from ${input.source})`;
    case 'other':
      return `${input.writes} other input write${input.writes > 1 ? 's' : ''}: field edits or predictions (inputs version ${input.from} → ${input.to})`;
  }
}
