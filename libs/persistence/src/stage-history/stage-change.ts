import type { StoredLeadScore } from '../lead-scores/lead-score.schema';
import type { NewStageChange } from './stage-change.repository';

/** What of a history entry its stage change is made of. */
export type StageChangeSource = Pick<
  StoredLeadScore,
  'id' | 'lead_id' | 'score' | 'previous_stage' | 'qualification_stage' | 'rule_set_version' | 'calculated_at'
>;

/**
 * The stage change a calculation made, if it made one: the one definition a single calculation, a bulk
 * chunk and the recovery of an entry from the lead's copy (LeadOutbox.recordEntriesOf) record.
 */
export function stageChangeOf(entry: StageChangeSource): NewStageChange | undefined {
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
