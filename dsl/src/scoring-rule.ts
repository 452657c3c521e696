import { type Category, countsTowardGrade, type FactRegistry, type FieldProblem } from '@leadflow/domain';
import { checkGroupCondition, checkLeaf } from './conditions';
import { hasOwn, isRecord, type ValidationResult } from './problems';
import { isLeaf, type DslGroup, type ScoringRule, type ScoringRuleCommon } from './types';
import { validateDocument } from './validate-document';

export const DEFAULT_PRIORITY = 1;

/** Validates one scoring rule (flat or nested form) and returns it normalized, or every problem in it. */
export function validateScoringRule(doc: unknown, registry: FactRegistry): ValidationResult<ScoringRule> {
  return validateDocument('scoring_rule', doc, (d, root, problems) =>
    checkScoringRule(d, root, registry, problems),
  );
}

/** Semantic checks and normalization of a scoring rule found at `root` (a bundle passes "/rules/3"). */
export function checkScoringRule(
  doc: unknown,
  root: string,
  registry: FactRegistry,
  problems: FieldProblem[],
): ScoringRule | undefined {
  if (!isRecord(doc)) return undefined;
  const common = {
    name: doc.name as string,
    rule_type: doc.rule_type as Category,
    points: doc.points as number,
    priority: (doc.priority as number | undefined) ?? DEFAULT_PRIORITY,
    is_active: (doc.is_active as boolean | undefined) ?? true,
    counts_toward_grade: countsTowardGrade(doc.rule_type as Category, doc.counts_toward_grade as boolean),
    ...(typeof doc.description === 'string' ? { description: doc.description } : {}),
  };
  if (hasOwn(doc, 'conditions')) {
    const conditions = checkGroupCondition(doc.conditions, `${root}/conditions`, registry, problems);
    return conditions && toCanonicalForm(common, conditions);
  }
  const leaf = checkLeaf({ record: doc, pointer: root, fieldKey: 'field_name' }, registry, problems);
  return leaf && { ...common, field_name: leaf.field, operator: leaf.operator, value: leaf.value };
}

/**
 * One rule, one spelling: a nested rule whose conditions are a single leaf under `all` is the flat form, so
 * that decompile(compile(rule)) gives back exactly the validated rule.
 */
function toCanonicalForm(common: ScoringRuleCommon, conditions: DslGroup): ScoringRule {
  if ('all' in conditions && conditions.all.length === 1) {
    const only = conditions.all[0];
    if (only && isLeaf(only))
      return { ...common, field_name: only.field, operator: only.operator, value: only.value };
  }
  return { ...common, conditions };
}
