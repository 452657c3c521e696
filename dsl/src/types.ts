import type { Category, OperatorName, QualificationCriterion } from '@leadflow/domain';
import type { OperandValue } from './values';

/**
 * A rule-DSL condition as written, before validation: any operator name, any value or none. The console's
 * editors hold these drafts; a validated condition (DslLeaf) is one too, so code over drafts takes both.
 */
export interface DraftLeaf {
  field: string;
  operator: string;
  value?: unknown;
}
export type DraftGroup = { all: DraftNode[] } | { any: DraftNode[] } | { not: DraftNode };
export type DraftNode = DraftLeaf | DraftGroup;

/**
 * A scoring rule as an editor holds it before validation: the guide's flat form or the nested form, with
 * loose strings, a draft condition, and counts_toward_grade left to the category while absent. A validated
 * ScoringRule is one too.
 */
export interface DraftRuleCommon {
  name: string;
  rule_type: string;
  points: number;
  priority: number;
  is_active: boolean;
  /** absent: the category decides (countsTowardGrade) */
  counts_toward_grade?: boolean;
  description?: string;
}
export interface DraftFlatRule extends DraftRuleCommon {
  field_name: string;
  operator: string;
  value?: unknown;
}
export interface DraftNestedRule extends DraftRuleCommon {
  conditions: DraftGroup;
}
export type DraftRule = DraftFlatRule | DraftNestedRule;

/** A rule-DSL condition after validation: values parsed, operators known, facts registered. */
export interface DslLeaf extends DraftLeaf {
  operator: OperatorName;
  value: OperandValue;
}
export type DslGroup = { all: DslNode[] } | { any: DslNode[] } | { not: DslNode };
export type DslNode = DslLeaf | DslGroup;

export interface ScoringRuleCommon {
  name: string;
  rule_type: Category;
  points: number;
  priority: number;
  is_active: boolean;
  /** whether the points measure profile fit for the grade; normalized from the category when left out */
  counts_toward_grade: boolean;
  description?: string;
}

/** The guide's form: one fact, one operator, one value. */
export interface FlatScoringRule extends ScoringRuleCommon {
  field_name: string;
  operator: OperatorName;
  value: OperandValue;
}

/** The composite form: a tree of all / any / not groups over {field, operator, value} leaves. */
export interface NestedScoringRule extends ScoringRuleCommon {
  conditions: DslGroup;
}

/**
 * A validated, normalized scoring rule (defaults applied: priority 1, is_active true, counts_toward_grade
 * from the category).
 */
export type ScoringRule = FlatScoringRule | NestedScoringRule;

/** Whether a rule (validated or a draft) has the nested form; a validated rule stays validated. */
export function isNestedRule<Rule extends DraftRule>(
  rule: Rule,
): rule is Extract<Rule, DraftNestedRule | NestedScoringRule> {
  return 'conditions' in rule;
}

/** Whether a node (validated or a draft) is a leaf; a validated node stays validated. */
export function isLeaf<Node extends DraftNode>(node: Node): node is Extract<Node, DraftLeaf> {
  return 'field' in node;
}

/**
 * A validated criterion: the domain's QualificationCriterion (what resolveStage takes, time_constraint_days
 * null when absent, lists [] when absent) plus the optional description the document may carry.
 */
export type QualificationCriterionDocument = QualificationCriterion & {
  description?: string;
  /** set (true) when `stage` is a stage of the user's own, outside KNOWN_STAGES */
  custom_stage?: true;
};
