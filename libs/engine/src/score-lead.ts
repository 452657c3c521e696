import {
  type CapCut,
  computeScore,
  type Facts,
  type Grade,
  type GradeFit,
  gradeFit,
  gradeOf,
  type ScoreBreakdown,
} from '@leadflow/domain';
import { FactSlots, type ConditionTrace } from './condition-closures';
import type { ActivityTimeline, CompiledRuleSet, MatchedRule } from './compiled-rule-set';
import { awardsFor } from './score-decay';

/** Why one active rule did or did not award its points. */
export interface RuleExplanation extends MatchedRule {
  priority: number;
  matched: boolean;
  condition: ConditionTrace;
}

export interface ScoreResult {
  /** clamp(sum of matched points, 0, 100) */
  score: number;
  /** sum of matched points per category (cut to the category's cap), all four present, may be negative */
  breakdown: ScoreBreakdown;
  /** the profile-fit grade; null when the rule set gives no grades or can award no fit points */
  grade: Grade | null;
  /** the caps that cut points, with the points earned before the cut; empty when none did */
  capped: readonly CapCut[];
  /** matched active rules in evaluation order (priority descending, then rule-set order) */
  matched: MatchedRule[];
  /** every active rule, in evaluation order; present when asked for */
  explanation?: RuleExplanation[];
  /** how the grade was reached; present with the explanation when the rule set grades */
  grade_fit?: GradeFit;
}

export interface ScoreOptions {
  explain?: boolean;
  /** the lead's activities and the scoring instant; required when the rule set decays points */
  timeline?: ActivityTimeline;
}

/**
 * Score math shared by both evaluators, so caps and grades can never make them disagree: `matched` must
 * already be in evaluation order.
 */
export function toScoreResult(
  ruleSet: CompiledRuleSet,
  matched: MatchedRule[],
  explanation: RuleExplanation[] | undefined,
): ScoreResult {
  const { score, breakdown, capped } = computeScore(matched, ruleSet.caps);
  const { grading, maxFitPoints } = ruleSet;
  const fitPoints = grading === null ? 0 : fitPointsOf(matched, ruleSet.fitRuleIds);
  const grade = grading === null ? null : gradeOf(fitPoints, maxFitPoints, grading);
  if (!explanation) return { score, breakdown, grade, capped, matched };
  return {
    score,
    breakdown,
    grade,
    capped,
    matched,
    explanation,
    ...(grading === null ? {} : { grade_fit: gradeFit(fitPoints, maxFitPoints) }),
  };
}

/** The points (decayed where the rule set decays them) of the matched rules that count toward the grade. */
function fitPointsOf(matched: readonly MatchedRule[], fitRuleIds: ReadonlySet<string>): number {
  let sum = 0;
  for (const rule of matched) if (fitRuleIds.has(rule.rule_id)) sum += rule.points;
  return sum;
}

/**
 * Scores one lead on the fast path (closures compiled from the rule JSON). Synchronous, allocation-light and
 * safe to call concurrently: a compiled rule set is immutable and per-evaluation state lives in `FactSlots`.
 *
 * Explanations come from the same closures in tracing mode rather than from json-rules-engine, because:
 * - json-rules-engine short-circuits `all`/`any`, so leaves after the deciding one carry no result, while an
 *   explanation promises the value, operator and result of every leaf;
 * - the tracing closures are proven equal to json-rules-engine by the differential test (rule results and,
 *   for every leaf json-rules-engine evaluated, the leaf result and fact value);
 * - a per-lead explanation on the API then stays synchronous and costs microseconds, not a json-rules-engine
 *   run. `scoreLeadWithEngine(..., { explain: true })` gives json-rules-engine's own trace when wanted.
 */
export function scoreLead(ruleSet: CompiledRuleSet, facts: Facts, options: ScoreOptions = {}): ScoreResult {
  const slots = new FactSlots(facts, ruleSet.factLayout);
  const award = awardsFor(ruleSet, options.timeline);
  const matched: MatchedRule[] = [];
  if (!options.explain) {
    for (const rule of ruleSet.rules) if (rule.closures.test(slots)) matched.push(award(rule));
    return toScoreResult(ruleSet, matched, undefined);
  }
  const explanation: RuleExplanation[] = [];
  for (const rule of ruleSet.rules) {
    const condition = rule.closures.trace(slots);
    const ruleMatched = condition.result === true;
    const awarded = award(rule);
    if (ruleMatched) matched.push(awarded);
    explanation.push({ ...awarded, priority: rule.priority, matched: ruleMatched, condition });
  }
  return toScoreResult(ruleSet, matched, explanation);
}
