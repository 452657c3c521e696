/**
 * The scoring-rule DSL as the console edits it (see dsl/README.md): the guide's flat form and the nested
 * form, and their compiled json-rules-engine JSON. Pure functions only, so the conversions are unit-tested.
 */
// The DSL's and the domain's own shapes and rules (pure modules, imported by path so that the console
// bundles only them). Conditions are the DSL's drafts (any operator, any value or none) and compiled
// conditions the domain's; the rule shapes below stay the console's because a draft rule may lack what a
// validated one has (its category unchecked, counts_toward_grade left to the category).
import {
  CATEGORIES,
  type Category,
  type ConditionNode,
  type TopLevelCondition,
} from '@leadflow/domain/src/rule';
import { countsTowardGrade as gradeRule } from '@leadflow/domain/src/score-grade';
import { type DraftGroup, type DraftLeaf, type DraftNode, isLeaf } from '@leadflow/dsl/src/types';

export type DslLeaf = DraftLeaf;
export type DslGroup = DraftGroup;
export type DslNode = DraftNode;

export interface RuleCommon {
  name: string;
  rule_type: string;
  points: number;
  priority: number;
  is_active: boolean;
  /** absent: the category decides (countsTowardGrade) */
  counts_toward_grade?: boolean;
  description?: string;
}
export interface FlatRule extends RuleCommon {
  field_name: string;
  operator: string;
  value?: unknown;
}
export interface NestedRule extends RuleCommon {
  conditions: DslGroup;
}
export type RuleDocument = FlatRule | NestedRule;

export { CATEGORIES, isLeaf };

/** Whether a draft rule's points count toward the grade: the domain's rule, over a draft's loose fields. */
export function countsTowardGrade(rule: RuleCommon): boolean {
  return gradeRule(rule.rule_type as Category, rule.counts_toward_grade);
}

export function isNested(rule: RuleDocument): rule is NestedRule {
  return 'conditions' in rule;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The flat rule's single condition as a nested group, so the builder can take it over. */
export function toNested(rule: RuleDocument): NestedRule {
  if (isNested(rule)) return rule;
  const { field_name, operator, value, ...common } = rule;
  const leaf: DslLeaf = { field: field_name, operator, ...(value !== undefined ? { value } : {}) };
  return { ...common, conditions: { all: [leaf] } };
}

/** Back to the guide's form when the conditions are one leaf under `all`; undefined when they are not. */
export function toFlat(rule: RuleDocument): FlatRule | undefined {
  if (!isNested(rule)) return rule;
  const { conditions, ...common } = rule;
  const only = 'all' in conditions && conditions.all.length === 1 ? conditions.all[0] : undefined;
  if (!only || !isLeaf(only)) return undefined;
  return {
    ...common,
    field_name: only.field,
    operator: only.operator,
    ...(only.value !== undefined ? { value: only.value } : {}),
  };
}

/** DSL condition -> json-rules-engine condition: `field` becomes `fact`; nothing else is added. */
export function compileCondition(group: DslGroup): TopLevelCondition {
  if ('all' in group) return { all: group.all.map(compileNode) };
  if ('any' in group) return { any: group.any.map(compileNode) };
  return { not: compileNode(group.not) };
}

function compileNode(node: DslNode): ConditionNode {
  if (isLeaf(node)) return { fact: node.field, operator: node.operator, value: node.value ?? null };
  return compileCondition(node);
}

/** json-rules-engine condition -> DSL condition; throws with the path of the first node it cannot read. */
export function decompileCondition(node: unknown, path = 'conditions'): DslGroup {
  if (!isRecord(node)) throw new Error(`${path} must be an object with all, any or not`);
  if (Array.isArray(node.all)) return { all: node.all.map((c, i) => decompileNode(c, `${path}.all.${i}`)) };
  if (Array.isArray(node.any)) return { any: node.any.map((c, i) => decompileNode(c, `${path}.any.${i}`)) };
  if ('not' in node) return { not: decompileNode(node.not, `${path}.not`) };
  throw new Error(`${path} must have all, any or not`);
}

function decompileNode(node: unknown, path: string): DslNode {
  if (isRecord(node) && typeof node.fact === 'string') {
    if (typeof node.operator !== 'string') throw new Error(`${path}.operator must be a string`);
    return {
      field: node.fact,
      operator: node.operator,
      ...(node.value !== null && node.value !== undefined ? { value: node.value } : {}),
    };
  }
  return decompileCondition(node, path);
}

/**
 * Compiled rule JSON -> rule document, keeping what the compiled form does not carry (is_active,
 * description) from `current`. The flat form comes back when the conditions are a single leaf under `all`.
 */
export function decompileRule(compiled: unknown, current: RuleCommon): RuleDocument {
  if (!isRecord(compiled)) throw new Error('the compiled rule must be a JSON object');
  const event = isRecord(compiled.event) ? compiled.event : {};
  const params = isRecord(event.params) ? event.params : {};
  const nested: NestedRule = {
    name: typeof compiled.name === 'string' ? compiled.name : current.name,
    rule_type: typeof params.category === 'string' ? params.category : current.rule_type,
    points: typeof params.points === 'number' ? params.points : current.points,
    priority: typeof compiled.priority === 'number' ? compiled.priority : current.priority,
    is_active: current.is_active,
    ...(current.counts_toward_grade !== undefined
      ? { counts_toward_grade: current.counts_toward_grade }
      : {}),
    ...(current.description !== undefined ? { description: current.description } : {}),
    conditions: decompileCondition(compiled.conditions),
  };
  return toFlat(nested) ?? nested;
}

/** The document as the API takes it (only the DSL's own keys, in a stable order). */
export function ruleDocumentOf(stored: Record<string, unknown>): RuleDocument {
  const common: RuleCommon = {
    name: typeof stored.name === 'string' ? stored.name : '',
    rule_type: typeof stored.rule_type === 'string' ? stored.rule_type : 'demographic',
    points: typeof stored.points === 'number' ? stored.points : 0,
    priority: typeof stored.priority === 'number' ? stored.priority : 1,
    is_active: typeof stored.is_active === 'boolean' ? stored.is_active : true,
    ...(typeof stored.counts_toward_grade === 'boolean'
      ? { counts_toward_grade: stored.counts_toward_grade }
      : {}),
    ...(typeof stored.description === 'string' ? { description: stored.description } : {}),
  };
  if (isRecord(stored.conditions)) return { ...common, conditions: decompileFromDsl(stored.conditions) };
  return {
    ...common,
    field_name: typeof stored.field_name === 'string' ? stored.field_name : '',
    operator: typeof stored.operator === 'string' ? stored.operator : '',
    ...(stored.value !== undefined && stored.value !== null ? { value: stored.value } : {}),
  };
}

/** A stored DSL condition is already DSL; this only drops keys the DSL does not have. */
function decompileFromDsl(node: Record<string, unknown>): DslGroup {
  const asCompiled = (n: unknown): unknown => {
    if (!isRecord(n)) return n;
    if (typeof n.field === 'string') return { fact: n.field, operator: n.operator, value: n.value };
    if (Array.isArray(n.all)) return { all: n.all.map(asCompiled) };
    if (Array.isArray(n.any)) return { any: n.any.map(asCompiled) };
    return { not: asCompiled(n.not) };
  };
  return decompileCondition(asCompiled(node));
}

export function emptyRule(): FlatRule {
  return {
    name: '',
    rule_type: 'firmographic',
    field_name: '',
    operator: 'equals',
    value: '',
    points: 10,
    priority: 1,
    is_active: true,
  };
}
