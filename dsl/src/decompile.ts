import {
  type CompiledScoringRule,
  type ConditionNode,
  countsTowardGrade,
  type OperatorName,
  type TopLevelCondition,
} from '@leadflow/domain';
import type { DslGroup, DslNode, ScoringRule } from './types';
import type { OperandValue } from './values';

/** What the compiled rule does not carry: it lives beside it in storage. */
export interface DecompileMetadata {
  is_active?: boolean;
  counts_toward_grade?: boolean;
  description?: string;
}

/**
 * Compiled json-rules-engine rule -> rule DSL: the flat form when the conditions are a single leaf under
 * `all`, the nested form otherwise. The inverse of compileScoringRule for every rule it emits.
 */
export function decompileScoringRule(
  compiled: CompiledScoringRule,
  metadata: DecompileMetadata = {},
): ScoringRule {
  const { category, points } = compiled.event.params;
  const common = {
    name: compiled.name,
    rule_type: category,
    points,
    priority: compiled.priority,
    is_active: metadata.is_active ?? true,
    counts_toward_grade: countsTowardGrade(category, metadata.counts_toward_grade),
    ...(metadata.description !== undefined ? { description: metadata.description } : {}),
  };
  const conditions = compiled.conditions;
  if ('all' in conditions && conditions.all.length === 1) {
    const only = conditions.all[0];
    if (only && 'fact' in only) {
      return {
        ...common,
        field_name: only.fact,
        operator: only.operator as OperatorName,
        value: only.value as OperandValue,
      };
    }
  }
  return { ...common, conditions: decompileCondition(conditions) };
}

export function decompileCondition(condition: TopLevelCondition): DslGroup {
  if ('all' in condition) return { all: condition.all.map(decompileNode) };
  if ('any' in condition) return { any: condition.any.map(decompileNode) };
  return { not: decompileNode(condition.not) };
}

function decompileNode(node: ConditionNode): DslNode {
  if ('fact' in node)
    return { field: node.fact, operator: node.operator as OperatorName, value: node.value as OperandValue };
  return decompileCondition(node);
}
