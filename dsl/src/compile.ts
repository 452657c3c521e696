import type {
  CompiledScoringRule,
  ConditionNode,
  ScoringRuleForEngine,
  TopLevelCondition,
} from '@leadflow/domain';
import { isLeaf, isNestedRule, type DslGroup, type DslNode, type ScoringRule } from './types';

export interface CompileOptions {
  /** The stored rule's id; defaults to a slug of the name, which is what bundles kept in git rely on. */
  ruleId?: string;
}

/**
 * A validated rule (the `value` of validateScoringRule) -> json-rules-engine rule JSON. Only Leadflow's own
 * keys are emitted: never `path`, never fact references in `value`, never user-supplied `params`.
 */
export function compileScoringRule(rule: ScoringRule, options: CompileOptions = {}): CompiledScoringRule {
  return {
    name: rule.name,
    priority: rule.priority,
    conditions: compileRuleConditions(rule),
    event: {
      type: 'score',
      params: {
        rule_id: options.ruleId ?? ruleIdFromName(rule.name),
        category: rule.rule_type,
        points: rule.points,
      },
    },
  };
}

/** The form the engine takes: compiled conditions plus is_active and the id, for one stored rule. */
export function toEngineRule(rule: ScoringRule, options: CompileOptions = {}): ScoringRuleForEngine {
  const compiled = compileScoringRule(rule, options);
  return {
    rule_id: compiled.event.params.rule_id,
    name: rule.name,
    category: rule.rule_type,
    points: rule.points,
    priority: rule.priority,
    is_active: rule.is_active,
    conditions: compiled.conditions,
    counts_toward_grade: rule.counts_toward_grade,
  };
}

function compileRuleConditions(rule: ScoringRule): TopLevelCondition {
  if (isNestedRule(rule)) return compileCondition(rule.conditions);
  return { all: [{ fact: rule.field_name, operator: rule.operator, value: rule.value }] };
}

/** A rule-DSL group -> json-rules-engine condition; also used for workflow branches and schedule filters. */
export function compileCondition(group: DslGroup): TopLevelCondition {
  if ('all' in group) return { all: group.all.map(compileNode) };
  if ('any' in group) return { any: group.any.map(compileNode) };
  return { not: compileNode(group.not) };
}

function compileNode(node: DslNode): ConditionNode {
  if (isLeaf(node)) return { fact: node.field, operator: node.operator, value: node.value };
  return compileCondition(node);
}

/** "High-value industry" -> "high-value-industry": stable, URL-safe, and readable in explanations. */
export function ruleIdFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug === '' ? 'rule' : slug;
}
