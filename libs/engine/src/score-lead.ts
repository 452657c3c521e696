import {
  computeScore,
  type Category,
  type Facts,
  type PointsDecay,
  type ScoreBreakdown,
} from '@leadflow/domain';
import { FactSlots, type ConditionTrace } from './condition-closures';
import type { CompiledRuleSet } from './rule-set';
import { type ActivityTimeline, awardsFor } from './score-decay';

export interface MatchedRule {
  rule_id: string;
  name: string;
  category: Category;
  /** the points the rule awards: its own, or decayed ones when the rule set decays its category */
  points: number;
  /** present only when the rule set decays this rule's category: original points, factor and age */
  decay?: PointsDecay;
}

/** Why one active rule did or did not award its points. */
export interface RuleExplanation extends MatchedRule {
  priority: number;
  matched: boolean;
  condition: ConditionTrace;
}

export interface ScoreResult {
  /** clamp(sum of matched points, 0, 100) */
  score: number;
  /** sum of matched points per category, all four present, may be negative */
  breakdown: ScoreBreakdown;
  /** matched active rules in evaluation order (priority descending, then rule-set order) */
  matched: MatchedRule[];
  /** every active rule, in evaluation order; present when asked for */
  explanation?: RuleExplanation[];
}

export interface ScoreOptions {
  explain?: boolean;
  /** the lead's activities and the scoring instant; required when the rule set decays points */
  timeline?: ActivityTimeline;
}

/** Score math shared by both evaluators: `matched` must already be in evaluation order. */
export function toScoreResult(
  matched: MatchedRule[],
  explanation: RuleExplanation[] | undefined,
): ScoreResult {
  const { score, breakdown } = computeScore(matched);
  return explanation ? { score, breakdown, matched, explanation } : { score, breakdown, matched };
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
    return toScoreResult(matched, undefined);
  }
  const explanation: RuleExplanation[] = [];
  for (const rule of ruleSet.rules) {
    const condition = rule.closures.trace(slots);
    const ruleMatched = condition.result === true;
    const awarded = award(rule);
    if (ruleMatched) matched.push(awarded);
    explanation.push({ ...awarded, priority: rule.priority, matched: ruleMatched, condition });
  }
  return toScoreResult(matched, explanation);
}
