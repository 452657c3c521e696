import type { LeadScoreRecord, StageChangeRecord } from '@leadflow/persistence';

/** What of a history entry its stage change is made of. */
export type StageChangeSource = Pick<
  LeadScoreRecord,
  'id' | 'lead_id' | 'score' | 'previous_stage' | 'qualification_stage' | 'rule_set_version' | 'calculated_at'
>;

/**
 * The stage change a calculation made, if it made one: the one definition both a single calculation and
 * a bulk chunk record in the stage history.
 */
export function stageChangeOf(entry: StageChangeSource): Omit<StageChangeRecord, 'id'> | undefined {
  if (entry.previous_stage === entry.qualification_stage) return undefined;
  return {
    lead_id: entry.lead_id,
    from_stage: entry.previous_stage,
    to_stage: entry.qualification_stage,
    score: entry.score,
    lead_score_id: entry.id,
    rule_set_version: entry.rule_set_version,
    changed_at: entry.calculated_at,
  };
}
