/**
 * Conversions of draft scoring rules, for editors (the console's form, builder and JSON views): they take
 * what a person typed, keep what they cannot judge for the validator, and never throw on a loose value.
 */
import {
  type DraftFlatRule,
  type DraftGroup,
  type DraftLeaf,
  type DraftNestedRule,
  type DraftNode,
  type DraftRule,
  type DraftRuleCommon,
  isLeaf,
  isNestedRule,
} from './types';

/** The flat rule's single condition as a nested group, so that a builder can take it over. */
export function toNestedDraft(rule: DraftRule): DraftNestedRule {
  if (isNestedRule(rule)) return rule;
  const { field_name, operator, value, ...common } = rule;
  const leaf: DraftLeaf = { field: field_name, operator, ...(value !== undefined ? { value } : {}) };
  return { ...common, conditions: { all: [leaf] } };
}

/** Back to the guide's form when the conditions are one leaf under `all`; undefined when they are not. */
export function toFlatDraft(rule: DraftRule): DraftFlatRule | undefined {
  if (!isNestedRule(rule)) return rule;
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * json-rules-engine condition JSON as typed (unchecked) -> draft condition: `fact` becomes `field`, a null
 * value none. Throws with the path of the first node it cannot read.
 */
export function decompileDraftCondition(node: unknown, path = 'conditions'): DraftGroup {
  if (!isRecord(node)) throw new Error(`${path} must be an object with all, any or not`);
  if (Array.isArray(node.all))
    return { all: node.all.map((c, i) => decompileDraftNode(c, `${path}.all.${i}`)) };
  if (Array.isArray(node.any))
    return { any: node.any.map((c, i) => decompileDraftNode(c, `${path}.any.${i}`)) };
  if ('not' in node) return { not: decompileDraftNode(node.not, `${path}.not`) };
  throw new Error(`${path} must have all, any or not`);
}

function decompileDraftNode(node: unknown, path: string): DraftNode {
  if (isRecord(node) && typeof node.fact === 'string') {
    if (typeof node.operator !== 'string') throw new Error(`${path}.operator must be a string`);
    return {
      field: node.fact,
      operator: node.operator,
      ...(node.value !== null && node.value !== undefined ? { value: node.value } : {}),
    };
  }
  return decompileDraftCondition(node, path);
}

/**
 * Compiled rule JSON as typed -> draft rule, keeping what the compiled form does not carry (is_active,
 * counts_toward_grade, description) from `current`, and `current`'s value for anything the JSON lacks.
 * The flat form comes back when the conditions are a single leaf under `all`.
 */
export function decompileDraftRule(compiled: unknown, current: DraftRuleCommon): DraftRule {
  if (!isRecord(compiled)) throw new Error('the compiled rule must be a JSON object');
  const event = isRecord(compiled.event) ? compiled.event : {};
  const params = isRecord(event.params) ? event.params : {};
  const nested: DraftNestedRule = {
    name: typeof compiled.name === 'string' ? compiled.name : current.name,
    rule_type: typeof params.category === 'string' ? params.category : current.rule_type,
    points: typeof params.points === 'number' ? params.points : current.points,
    priority: typeof compiled.priority === 'number' ? compiled.priority : current.priority,
    is_active: current.is_active,
    ...(current.counts_toward_grade !== undefined
      ? { counts_toward_grade: current.counts_toward_grade }
      : {}),
    ...(current.description !== undefined ? { description: current.description } : {}),
    conditions: decompileDraftCondition(compiled.conditions),
  };
  return toFlatDraft(nested) ?? nested;
}

/** A stored draft condition keeps only the DSL's own keys. */
function draftConditionOf(node: Record<string, unknown>): DraftGroup {
  const asCompiled = (n: unknown): unknown => {
    if (!isRecord(n)) return n;
    if (typeof n.field === 'string') return { fact: n.field, operator: n.operator, value: n.value };
    if (Array.isArray(n.all)) return { all: n.all.map(asCompiled) };
    if (Array.isArray(n.any)) return { any: n.any.map(asCompiled) };
    return { not: asCompiled(n.not) };
  };
  return decompileDraftCondition(asCompiled(node));
}

/**
 * A stored rule (as the API returns it, or typed as DSL JSON) -> the draft as the API takes it: only the
 * DSL's own keys, in a stable order, with the defaults of a new rule for what is missing or mistyped.
 */
export function draftRuleOf(stored: Record<string, unknown>): DraftRule {
  const common: DraftRuleCommon = {
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
  if (isRecord(stored.conditions)) return { ...common, conditions: draftConditionOf(stored.conditions) };
  return {
    ...common,
    field_name: typeof stored.field_name === 'string' ? stored.field_name : '',
    operator: typeof stored.operator === 'string' ? stored.operator : '',
    ...(stored.value !== undefined && stored.value !== null ? { value: stored.value } : {}),
  };
}
