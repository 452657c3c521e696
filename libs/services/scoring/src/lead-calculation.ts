import {
  type ActivityRecord,
  capCutLine,
  isGrade,
  type Facts,
  type Grade,
  type GradeFit,
  type StageResolution,
} from '@leadflow/domain';
import { qualifyInputs, type RuleExplanation, type ScoreResult } from '@leadflow/engine';
import { type EntryBefore, FIRST_CALCULATION, type LeadScoreFields } from '@leadflow/persistence';
import type { ActiveRuleSet, ScoringContext } from './active-rule-set';
import type { ScoredLead } from './lead-source';

export interface LeadCalculation {
  fields: LeadScoreFields;
  /** the facts it was made from, which the workflow triggers of its event read too */
  facts: Facts;
  result: ScoreResult;
  stage: StageResolution;
}

/**
 * One lead's calculation against one rule-set version at one instant, without I/O: its facts, score,
 * breakdown, matched rules and stage, as the history entry's fields.
 */
export function calculateLead(
  registry: ActiveRuleSet['registry'],
  context: ScoringContext,
  lead: ScoredLead,
  activities: readonly ActivityRecord[],
  now: Date,
  explain = false,
): LeadCalculation {
  const { facts, result, stage } = qualifyInputs(
    context.ruleSet,
    registry,
    context.criteria,
    { lead, activities, now },
    { explain },
  );
  return {
    result,
    stage,
    facts,
    fields: {
      lead_id: lead.id,
      score: result.score,
      score_breakdown: result.breakdown,
      grade: result.grade,
      ...(result.capped.length > 0 ? { capped: [...result.capped] } : {}),
      qualification_stage: stage.stage,
      rule_set_version: context.version,
      matched_rules: result.matched,
      stage_reasons: stage.criteria.flatMap((outcome) =>
        outcome.reasons.map((reason) => `${outcome.stage}: ${reason}`),
      ),
      calculated_at: now,
      inputs_version: lead.inputs_version ?? 0,
    },
  };
}

/** Why a calculation came out as it did: every active rule leaf by leaf, every criterion, caps and grade. */
export interface ScoreExplanation {
  rules: RuleExplanation[];
  criteria: StageResolution['criteria'];
  /** one line per cap that cut points: "behavioral capped at 30: 45 earned" */
  caps: string[];
  /** how the grade was reached; null when the version gives no grades */
  grade: (GradeFit & { grade: Grade | null }) | null;
}

/** Why a calculation came out as it did: the rules leaf by leaf, the criteria, the caps that cut, the grade. */
export function explanationOf(result: ScoreResult, stage: StageResolution): ScoreExplanation | undefined {
  if (!result.explanation) return undefined;
  return {
    rules: result.explanation,
    criteria: stage.criteria,
    caps: result.capped.map(capCutLine),
    grade: result.grade_fit ? { grade: result.grade, ...result.grade_fit } : null,
  };
}

/**
 * The lead's own copy of its latest applied calculation, as the guess for the history entry a new one
 * follows (score, stage and seq of one entry are written onto the lead together, never backwards).
 */
export function entryBeforeFromLead(lead: ScoredLead): EntryBefore {
  const { score_seq: seq, score, qualification_stage: stage, grade } = lead;
  if (typeof seq !== 'number' || seq <= 0) return { ...FIRST_CALCULATION, grade: null };
  return {
    seq,
    score: typeof score === 'number' ? score : 0,
    qualification_stage: typeof stage === 'string' ? stage : 'unqualified',
    grade: isGrade(grade) ? grade : null,
  };
}
