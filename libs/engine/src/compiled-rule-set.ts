// The shapes a compiled rule set and its matches take, apart from the code that builds (rule-set.ts) and the
// code that evaluates them (score-lead.ts, score-decay.ts), so that those import the shapes and not each other.
import type {
  Category,
  DecayPolicy,
  FactContext,
  GradingPolicy,
  PointsDecay,
  ScoreCaps,
  ScoringSettings,
  TopLevelCondition,
} from '@leadflow/domain';
import type { RuleProperties } from 'json-rules-engine';
import type { CompiledCondition, FactLayout } from './condition-closures';

export interface MatchedRule {
  rule_id: string;
  name: string;
  category: Category;
  /** the points the rule awards: its own, or decayed ones when the rule set decays its category */
  points: number;
  /** present only when the rule set decays this rule's category: original points, factor and age */
  decay?: PointsDecay;
}

/** What decay reads besides the rules: the lead's activities and the scoring instant (never the clock). */
export type ActivityTimeline = Pick<FactContext, 'activities' | 'now'>;

/** One active rule, ready for both evaluators. */
export interface CompiledRule {
  readonly rule_id: string;
  readonly name: string;
  readonly category: Category;
  readonly points: number;
  readonly priority: number;
  /** position in evaluation order (priority descending, then input order); matched lists follow it */
  readonly order: number;
  /** the sanitized json-rules-engine conditions: only fact/operator/value leaves and all/any/not groups */
  readonly conditions: TopLevelCondition;
  readonly closures: CompiledCondition;
  /** what a match reports; one frozen object per rule, shared by every result instead of allocated per lead */
  readonly awarded: MatchedRule;
  /** whether its points measure profile fit for the grade */
  readonly countsTowardGrade: boolean;
  /** whether the rule set's decay applies to this rule's category */
  readonly decays: boolean;
  /** the activity types the rule's age is measured from; null: the lead's latest activity (see ageSourceOf) */
  readonly ageSource: readonly string[] | null;
}

/**
 * An immutable rule set for one version of a tenant's rules. It holds the json-rules-engine rule JSON (the
 * reference and store format) and the same rules compiled into closures (the fast path). Nothing in it
 * changes after compilation, so any number of evaluations may share it concurrently.
 */
export interface CompiledRuleSet {
  readonly version: string;
  /** active rules in evaluation order */
  readonly rules: readonly CompiledRule[];
  readonly inactiveRuleIds: readonly string[];
  /** the facts the active rules read, with their slots */
  readonly factLayout: FactLayout;
  /** json-rules-engine rules for the active rules, `event.params.order` indexing `rules` */
  readonly engineRules: readonly RuleProperties[];
  /** the version's score decay, null when points do not decay (the default) */
  readonly decay: DecayPolicy | null;
  /** the version's caps, null when nothing is capped (the default) */
  readonly caps: ScoreCaps | null;
  /** the version's grading, null when it gives no grades */
  readonly grading: GradingPolicy | null;
  /** the ids of the active rules that count toward the grade */
  readonly fitRuleIds: ReadonlySet<string>;
  /** the most fit points a lead can get: the positive points of the active rules that count toward the grade */
  readonly maxFitPoints: number;
  /** the settings it was compiled with, as published with the version */
  readonly settings: ScoringSettings;
}
