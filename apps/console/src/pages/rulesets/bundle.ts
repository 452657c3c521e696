/** The whole stored rule set as one document (GET rule-sets/current/, POST rule-sets/apply/). */
export interface Bundle {
  kind?: 'bundle';
  rules: Record<string, unknown>[];
  criteria: Record<string, unknown>[];
  workflows: Record<string, unknown>[];
}

export interface ApplyResult {
  dry_run: boolean;
  changes: { section: string; action: string; name: string; fields: string[] }[];
  summary: { create: number; update: number; delete: number; unchanged: number };
  rule_set_version: number | null;
  warnings: { pointer: string; code: string; message: string }[];
  /** the bulk rescoring the publish started (rescore_on_publish) */
  rescoring: { job_id: string } | null;
}

export const CURRENT = '/api/lead-qualification/rule-sets/current/';
/** The console publishes whole rule sets (rules and criteria as drafted or rolled back to): what it leaves out goes. */
export const APPLY = '/api/lead-qualification/rule-sets/apply/?prune=true';

/**
 * A criterion as the DSL takes it: GET rule-sets/current/ writes unset optional fields as null (e.g.
 * `time_constraint_days: null`), which the criterion schema refuses, so they are left out instead.
 */
export function criterionDocument(criterion: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(criterion).filter(([, value]) => value !== null));
}

/** The bundle that makes rules and criteria `rules`/`criteria` and keeps the stored workflows as they are. */
export function bundleOf(
  current: Bundle,
  rules: Record<string, unknown>[],
  criteria = current.criteria,
): Bundle {
  return { kind: 'bundle', rules, criteria: criteria.map(criterionDocument), workflows: current.workflows };
}
