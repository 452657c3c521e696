import type { WorkflowEvent } from '@leadflow/domain';
import type { LeadScoreRecord } from '@leadflow/persistence';

/** What a lead looked like before or after a change, as far as triggers care. */
export interface LeadSnapshot {
  id: number;
  score?: number | null;
  qualification_stage?: string | null;
  [field: string]: unknown;
}

/** The event of one score calculation: its own id, the score and stage moves, what changed. */
export function scoreCalculatedEvent(
  score: Pick<
    LeadScoreRecord,
    'id' | 'lead_id' | 'score' | 'previous_score' | 'qualification_stage' | 'previous_stage' | 'calculated_at'
  > &
    Partial<Pick<LeadScoreRecord, 'grade' | 'previous_grade'>>,
): WorkflowEvent {
  const grade = score.grade ?? null;
  const previousGrade = score.previous_grade ?? null;
  const changed = [
    ...(score.score !== score.previous_score ? ['score'] : []),
    ...(score.qualification_stage !== score.previous_stage ? ['stage', 'qualification_stage'] : []),
    ...(grade !== previousGrade ? ['grade'] : []),
  ];
  return {
    event_id: `score-${score.id}`,
    event_type: 'score_calculated',
    lead_id: score.lead_id,
    score: score.score,
    previous_score: score.previous_score,
    stage: score.qualification_stage,
    previous_stage: score.previous_stage,
    grade,
    previous_grade: previousGrade,
    changed_fields: changed,
    occurred_at: score.calculated_at,
  };
}

/** Bookkeeping and score fields: a change of these alone is no field update. */
const IGNORED_FIELDS = new Set([
  'updated_at',
  'created_at',
  'score_seq',
  'score_id',
  'score',
  'score_breakdown',
  'qualification_stage',
  'grade',
  'score_rule_set_version',
  'inputs_version',
  'trigger_states',
  'outbox',
  'outbox_count',
  'outbox_at',
  'enrichment',
]);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The event of an edit to a lead's fields; null when no field a trigger could watch changed. */
export function leadUpdatedEvent(before: LeadSnapshot, after: LeadSnapshot, at: Date): WorkflowEvent | null {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed = [...fields]
    .filter(
      (field) => !IGNORED_FIELDS.has(field.split('.')[0] ?? field) && !same(before[field], after[field]),
    )
    .sort();
  if (changed.length === 0) return null;
  const score = after.score ?? null;
  const stage = after.qualification_stage ?? null;
  return {
    event_id: `update-${at.getTime()}-${changed.join('.')}`.slice(0, 200),
    event_type: 'lead_updated',
    lead_id: after.id,
    score,
    previous_score: score,
    stage,
    previous_stage: stage,
    changed_fields: changed,
    occurred_at: at,
  };
}
