import type { FactRegistry } from '@leadflow/domain';
import { isLeaf, type DslLeaf, type DslNode } from '../types';
import { fold, type Interval, leafInterval } from './leaf-interval';

/** Operators that need a present, non-empty fact to hold (everything but is_empty and the negations). */
const NEEDS_VALUE = new Set([
  'equals',
  'contains',
  'starts_with',
  'ends_with',
  'in_list',
  'greater_than',
  'greater_than_or_equal',
  'less_than',
  'less_than_or_equal',
  'between',
  'matches_regex',
  'is_not_empty',
]);

/**
 * Why a condition can never hold, or undefined when it might. Sound rather than complete: it finds the
 * contradictions people actually write (`> 50` and `< 10` on one fact, two different `equals`, `is_empty`
 * with a test that needs a value) and claims nothing it cannot prove.
 */
export function neverMatchReason(node: DslNode, registry: FactRegistry): string | undefined {
  if (isLeaf(node)) return leafReason(node);
  if ('not' in node) return undefined;
  if ('any' in node) {
    const reasons = node.any.map((child) => neverMatchReason(child, registry));
    return reasons.every((reason) => reason !== undefined)
      ? `no branch of "any" can match (${reasons[0]})`
      : undefined;
  }
  for (const child of node.all) {
    const reason = neverMatchReason(child, registry);
    if (reason) return reason;
  }
  const leavesByFact = new Map<string, DslLeaf[]>();
  for (const child of node.all) {
    if (isLeaf(child)) leavesByFact.set(child.field, [...(leavesByFact.get(child.field) ?? []), child]);
  }
  for (const [fact, leaves] of leavesByFact) {
    const reason = contradiction(fact, leaves, registry);
    if (reason) return reason;
  }
  return undefined;
}

// Operators that cannot hold on the fact's type are the validator's to refuse (OPERATOR_FACT_TYPE_MISMATCH).
function leafReason(leaf: DslLeaf): string | undefined {
  if (Array.isArray(leaf.value) && leaf.value.length === 0 && leaf.operator === 'in_list')
    return `in_list on ${leaf.field} is empty`;
  return undefined;
}

function contradiction(fact: string, leaves: DslLeaf[], registry: FactRegistry): string | undefined {
  const ops = new Set(leaves.map((leaf) => leaf.operator));
  if (ops.has('is_empty')) {
    const clash = leaves.find((leaf) => NEEDS_VALUE.has(leaf.operator));
    if (clash) return `${fact} cannot be empty and satisfy ${clash.operator} at once`;
  }
  const interval = numericInterval(leaves);
  if (
    interval &&
    (interval.low > interval.high ||
      (interval.low === interval.high && (interval.lowOpen || interval.highOpen)))
  ) {
    return `the numeric tests on ${fact} leave no possible value (${interval.described.join(' and ')})`;
  }
  // a list fact equals nothing and matches in_list on any overlap, so set reasoning applies to scalar facts only
  if (registry.get(fact)?.type === 'string[]') return undefined;
  const equalsValues = leaves.filter((leaf) => leaf.operator === 'equals').map((leaf) => fold(leaf.value));
  if (new Set(equalsValues).size > 1) return `${fact} cannot equal ${equalsValues.join(' and ')} at once`;
  const [only] = equalsValues;
  if (only !== undefined) {
    if (leaves.some((leaf) => leaf.operator === 'not_equals' && fold(leaf.value) === only)) {
      return `${fact} cannot both equal and not equal ${only}`;
    }
    const list = leaves.find(
      (leaf) =>
        leaf.operator === 'in_list' && Array.isArray(leaf.value) && !leaf.value.map(fold).includes(only),
    );
    if (list) return `${fact} equals ${only}, which is not in the in_list of the same group`;
  }
  const lists = leaves
    .filter((leaf) => leaf.operator === 'in_list' && Array.isArray(leaf.value))
    .map((leaf) => (leaf.value as unknown[]).map(fold));
  const [first, ...others] = lists;
  if (first && others.length > 0 && !first.some((item) => others.every((list) => list.includes(item)))) {
    return `the in_list tests on ${fact} share no value`;
  }
  return undefined;
}

/** The intersection of the numeric bounds the leaves put on one fact; undefined when none is numeric. */
function numericInterval(leaves: DslLeaf[]): (Interval & { described: string[] }) | undefined {
  let current: (Interval & { described: string[] }) | undefined;
  for (const leaf of leaves) {
    const bound = leafInterval(leaf);
    if (!bound) continue;
    current ??= { low: -Infinity, lowOpen: false, high: Infinity, highOpen: false, described: [] };
    if (bound.low > current.low || (bound.low === current.low && bound.lowOpen))
      Object.assign(current, { low: bound.low, lowOpen: bound.lowOpen });
    if (bound.high < current.high || (bound.high === current.high && bound.highOpen))
      Object.assign(current, { high: bound.high, highOpen: bound.highOpen });
    const [low, high] = Array.isArray(leaf.value) ? (leaf.value as unknown[]) : [];
    current.described.push(
      leaf.operator === 'between'
        ? `between ${String(low)} and ${String(high)}`
        : `${leaf.operator} ${String(leaf.value)}`,
    );
  }
  return current;
}
