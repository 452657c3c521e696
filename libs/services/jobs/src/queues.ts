/**
 * Every Bull queue, and the payload of its jobs, in one place. Payloads carry ids, never documents, so a
 * job always works on the current state of what it names.
 */
export const QUEUES = {
  /** Recalculate one lead after any change to it; de-duplicated per lead by job id. */
  scoring: 'scoring',
  /** Recalculate many leads in chunks; the job id reports progress. */
  bulkScoring: 'bulk-scoring',
  /** Fetch enrichment fields for a lead from a provider. */
  enrichment: 'enrichment',
  /** Repeatable housekeeping, such as the daily recalculation. */
  maintenance: 'maintenance',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QUEUES);

export interface ScoringJob {
  lead_id: number;
}
export interface BulkScoringJob {
  lead_ids?: number[];
  recalculate_all?: boolean;
  /** Names the run: each lead gets at most one calculation per run, however often a chunk is redone. */
  run_id?: string;
}
/**
 * One chunk of a bulk run (job name `chunk` on the `bulk-scoring` queue, id `<run id>-<index>`): either the
 * leads whose id lies in [from_id, to_id] (recalculate_all) or the listed ones. `calculated_at` is the run's
 * one instant, so a redone chunk computes the same scores.
 */
export interface BulkScoringChunkJob {
  run_id: string;
  calculated_at: string;
  /** the rule-set version the whole run scores with, so that a rule edit never splits a run */
  rule_set_version: number;
  /** how many leads the chunk was cut with (its share of the run's total) */
  size: number;
  lead_ids?: number[];
  from_id?: number;
  to_id?: number;
}
export interface EnrichmentJob {
  lead_id: number;
  source: string;
  overwrite?: boolean;
}
export interface MaintenanceJob {
  task: 'daily-recalculation' | 'predictive-refresh';
}

export interface JobPayloads {
  scoring: ScoringJob;
  'bulk-scoring': BulkScoringJob;
  enrichment: EnrichmentJob;
  maintenance: MaintenanceJob;
}
