import type { ActivityRecord, LeadRecord } from './lead';
import { DAY_MS, readLeadField, toInstant } from './lead-facts';
import { isEmptyValue } from './operators';
import { type Grade, gradeAtLeast } from './score-grade';

/** A stage's entry conditions, as the guide's qualification-criteria documents state them. */
export interface QualificationCriterion {
  name: string;
  /** free snake_case stage name: mql, sql, hot, ... */
  stage: string;
  minimum_score: number;
  /** lead fields (or custom_fields) that must be non-empty */
  required_fields: readonly string[];
  /** activity types that must each have occurred within the window */
  required_actions: readonly string[];
  /** the window for required_actions in days; null or 0 means "ever" */
  time_constraint_days: number | null;
  is_active: boolean;
  /** the lowest profile-fit grade the stage accepts; absent or null: any grade, or none */
  minimum_grade?: Grade | null;
}

export const UNQUALIFIED_STAGE = 'unqualified';

/**
 * The stages a criterion may name without declaring them: the guide's MQL and SQL and the design's hot
 * stage. Any other stage must be declared custom (`custom_stage: true`), so a typo ("sqll") is refused
 * instead of silently becoming a stage no workflow listens for.
 */
export const KNOWN_STAGES: readonly string[] = ['mql', 'sql', 'hot'];

export interface CriterionOutcome {
  stage: string;
  name: string;
  minimum_score: number;
  met: boolean;
  /** 0 when the score is high enough */
  score_short_by: number;
  missing_fields: string[];
  missing_actions: string[];
  /** one sentence per unmet requirement; empty when met */
  reasons: string[];
}

export interface StageResolution {
  stage: string;
  /** every active criterion, ordered by minimum_score */
  criteria: CriterionOutcome[];
}

/** Activity types that occurred at or after `since` (epoch ms); every type when `since` is undefined. */
function actionsSince(activities: readonly ActivityRecord[], since: number | undefined): Set<string> {
  const types = new Set<string>();
  for (const activity of activities) {
    const at = toInstant(activity.occurred_at);
    if (at !== undefined && (since === undefined || at >= since)) types.add(activity.type);
  }
  return types;
}

function evaluateCriterion(
  criterion: QualificationCriterion,
  lead: LeadRecord,
  activities: readonly ActivityRecord[],
  score: number,
  now: Date,
  grade: Grade | null,
): CriterionOutcome {
  const days = criterion.time_constraint_days;
  const windowed = days !== null && days > 0;
  const recentActions = actionsSince(activities, windowed ? now.getTime() - days * DAY_MS : undefined);
  const scoreShortBy = Math.max(0, criterion.minimum_score - score);
  const missingFields = criterion.required_fields.filter((field) => isEmptyValue(readLeadField(lead, field)));
  const missingActions = criterion.required_actions.filter((action) => !recentActions.has(action));

  const reasons: string[] = [];
  if (scoreShortBy > 0) {
    reasons.push(`score ${score} is short of ${criterion.minimum_score} by ${scoreShortBy}`);
  }
  const minimumGrade = criterion.minimum_grade ?? null;
  if (minimumGrade !== null && !gradeAtLeast(grade, minimumGrade)) {
    reasons.push(
      grade === null
        ? `no grade, and the stage needs at least ${minimumGrade}`
        : `grade ${grade} is below ${minimumGrade}`,
    );
  }
  if (missingFields.length > 0) reasons.push(`missing fields: ${missingFields.join(', ')}`);
  if (missingActions.length > 0) {
    const window = windowed ? ` within ${days} days` : '';
    reasons.push(`missing actions${window}: ${missingActions.join(', ')}`);
  }
  return {
    stage: criterion.stage,
    name: criterion.name,
    minimum_score: criterion.minimum_score,
    met: reasons.length === 0,
    score_short_by: scoreShortBy,
    missing_fields: missingFields,
    missing_actions: missingActions,
    reasons,
  };
}

/**
 * DESIGN.md: active criteria ordered by minimum_score; the lead's stage is the highest one it meets (score,
 * required fields, required actions in the window), else `unqualified`. Each criterion is judged on its own,
 * so a lead can meet SQL without MQL when MQL asks for an action SQL does not.
 */
export function resolveStage(
  criteria: readonly QualificationCriterion[],
  lead: LeadRecord,
  activities: readonly ActivityRecord[],
  score: number,
  now: Date,
  grade: Grade | null = null,
): StageResolution {
  const ordered = criteria
    .filter((criterion) => criterion.is_active)
    .sort((a, b) => a.minimum_score - b.minimum_score);
  const outcomes = ordered.map((criterion) =>
    evaluateCriterion(criterion, lead, activities, score, now, grade),
  );
  const highestMet = outcomes.filter((outcome) => outcome.met).at(-1);
  return { stage: highestMet?.stage ?? UNQUALIFIED_STAGE, criteria: outcomes };
}
