/** The four score categories of the guide; `rule_type` of a rule is one of them. */
export const CATEGORIES = ['demographic', 'behavioral', 'firmographic', 'engagement'] as const;
export type Category = (typeof CATEGORIES)[number];

/** json-rules-engine condition as Leadflow emits it: never `path`, never fact references, never `params`. */
export interface LeafCondition {
  fact: string;
  operator: string;
  value: unknown;
}
export type TopLevelCondition = { all: ConditionNode[] } | { any: ConditionNode[] } | { not: ConditionNode };
export type ConditionNode = LeafCondition | TopLevelCondition;

/** The json-rules-engine rule a scoring rule compiles to; stored beside its DSL source. */
export interface CompiledScoringRule {
  name: string;
  priority: number;
  conditions: TopLevelCondition;
  event: { type: 'score'; params: { rule_id: string; category: Category; points: number } };
}

/** A rule as the engine takes it: the compiled form plus whether it is active. */
export interface ScoringRuleForEngine {
  rule_id: string;
  name: string;
  category: Category;
  points: number;
  priority: number;
  is_active: boolean;
  conditions: TopLevelCondition;
  /** whether its points measure profile fit for the grade; absent: its category's default (countsTowardGrade) */
  counts_toward_grade?: boolean;
}
