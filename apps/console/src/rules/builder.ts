import type { RuleGroupType, RuleType } from 'react-querybuilder';
import { type DraftGroup, type DraftLeaf, type DraftNode, isLeaf } from '@leadflow/dsl/src/types';

/**
 * DSL conditions <-> react-querybuilder's query. `all`/`any` are the builder's and/or combinators and
 * `not: group` its "not" toggle. `not: leaf` has no builder equivalent, so it becomes a negated group of
 * that one leaf marked `notLeaf`, which turns back into `not: leaf` while it still holds a single leaf.
 * Values stay the DSL's native values (the value editor shows them as text); ids are the builder's own.
 */
export interface BuilderGroup extends RuleGroupType {
  notLeaf?: boolean;
}

export function dslToBuilder(group: DraftGroup): BuilderGroup {
  if ('not' in group) {
    if (isLeaf(group.not))
      return { combinator: 'and', not: true, notLeaf: true, rules: [leafToRule(group.not)] };
    return { ...dslToBuilder(group.not), not: true };
  }
  const [combinator, nodes] = 'all' in group ? ['and', group.all] : ['or', group.any];
  return { combinator, rules: nodes.map(nodeToBuilder) };
}

function nodeToBuilder(node: DraftNode): RuleType | BuilderGroup {
  return isLeaf(node) ? leafToRule(node) : dslToBuilder(node);
}

function leafToRule(leaf: DraftLeaf): RuleType {
  return { field: leaf.field, operator: leaf.operator, value: leaf.value ?? null };
}

function isBuilderGroup(item: RuleType | RuleGroupType): item is RuleGroupType {
  return 'rules' in item;
}

export function builderToDsl(group: BuilderGroup): DraftGroup {
  const children = group.rules.filter((item): item is RuleType | RuleGroupType => typeof item !== 'string');
  const only = children[0];
  if (group.not && group.notLeaf && children.length === 1 && only && !isBuilderGroup(only)) {
    return { not: ruleToLeaf(only) };
  }
  const nodes = children.map((item) => (isBuilderGroup(item) ? builderToDsl(item) : ruleToLeaf(item)));
  const inner: DraftGroup = group.combinator === 'or' ? { any: nodes } : { all: nodes };
  return group.not ? { not: inner } : inner;
}

function ruleToLeaf(rule: RuleType): DraftLeaf {
  const value: unknown = rule.value;
  return {
    field: rule.field,
    operator: rule.operator,
    ...(value !== null && value !== undefined ? { value } : {}),
  };
}

/**
 * Where an API error about `conditions...` belongs in the builder: the API names fields as dotted paths
 * ("conditions.all.1.any.0.value"); the builder addresses rules by index paths ([1, 0]). Returns undefined
 * for errors outside the conditions.
 */
export function builderPathOfField(
  field: string,
  conditions: DraftGroup,
): { path: number[]; key?: string } | undefined {
  const parts = field.split('.');
  if (parts[0] !== 'conditions') return undefined;
  const path: number[] = [];
  let node: DraftNode | undefined = conditions;
  let index = 1;
  // The root group is the builder's root (path []); `not: group` is the same builder group, negated.
  while (node && !isLeaf(node) && index < parts.length) {
    const key = parts[index];
    if (key === 'not') {
      const inner: DraftNode = (node as { not: DraftNode }).not;
      if (isLeaf(inner)) {
        path.push(0);
        node = inner;
      } else node = inner;
      index += 1;
      continue;
    }
    const list: DraftNode[] | undefined =
      key === 'all' || key === 'any' ? (node as Record<string, DraftNode[] | undefined>)[key] : undefined;
    const position = Number(parts[index + 1]);
    if (!list || !Number.isInteger(position)) break;
    path.push(position);
    node = list[position];
    index += 2;
  }
  const rest = parts.slice(index).join('.');
  return rest ? { path, key: rest } : { path };
}
