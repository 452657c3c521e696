import type { FactRegistry } from '@leadflow/domain';
import type { DslLeaf } from '../types';
import { fold, type Interval, leafInterval } from './leaf-interval';

/** An active rule whose whole condition is one leaf, with its place in the bundle. */
export interface SingleLeafRule {
  index: number;
  name: string;
  points: number;
  leaf: DslLeaf;
}

/** The narrower of two rules and why the wider one always fires with it. */
export interface Subsumption {
  index: number;
  message: string;
}

/**
 * What one leaf can match, as far as this check reasons: a numeric interval (number values only) and/or a set
 * of folded values (equals, in_list). Anything else (dates, text tests, negations) is undefined: no claim.
 */
interface MatchSet {
  interval?: Interval;
  values?: ReadonlySet<string>;
}

const isScalar = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value);

function matchSetOf(leaf: DslLeaf, listFact: boolean): MatchSet | undefined {
  const { operator, value } = leaf;
  // On a list fact `equals` never holds, and in_list means any overlap, which the value sets still order.
  if (operator === 'equals') {
    if (!isScalar(value) || listFact) return undefined;
    const interval = leafInterval(leaf);
    return { ...(interval ? { interval } : {}), values: new Set([fold(value)]) };
  }
  const interval = leafInterval(leaf);
  if (interval) return { interval };
  if (operator === 'in_list' && Array.isArray(value) && value.every(isScalar)) {
    return { values: new Set(value.map(fold)) };
  }
  return undefined;
}

function intervalWithin(inner: Interval, outer: Interval): boolean {
  const lowOk = outer.low < inner.low || (outer.low === inner.low && (!outer.lowOpen || inner.lowOpen));
  const highOk =
    outer.high > inner.high || (outer.high === inner.high && (!outer.highOpen || inner.highOpen));
  return lowOk && highOk;
}

/**
 * Every lead `inner` matches is matched by `outer` too. Sound, not complete: equal folded text means equal
 * values for the operators (numeric text and ISO dates fold to one spelling), so a claim here always holds.
 */
function within(inner: MatchSet, outer: MatchSet): boolean {
  if (inner.interval && outer.interval && intervalWithin(inner.interval, outer.interval)) return true;
  const { values } = outer;
  return inner.values !== undefined && values !== undefined && [...inner.values].every((v) => values.has(v));
}

const describe = ({ field, operator, value }: DslLeaf) => `${field} ${operator} ${JSON.stringify(value)}`;
const signed = (points: number) => (points >= 0 ? `+${points}` : String(points));

/**
 * Pairs of single-leaf rules on one fact where one rule's leads are all leads of the other, such as
 * `email_opens_count > 10` within `> 5`, or `industry equals SaaS` within `in_list [SaaS, Fintech]`: every lead
 * of the narrower rule gets both rules' points. Rules with the very same condition are SHADOWED_RULE's.
 */
export function subsumedRules(rules: readonly SingleLeafRule[], registry: FactRegistry): Subsumption[] {
  const found: Subsumption[] = [];
  const sets = rules.map((rule) => matchSetOf(rule.leaf, registry.get(rule.leaf.field)?.type === 'string[]'));
  rules.forEach((narrow, i) => {
    const narrowSet = sets[i];
    if (!narrowSet) return;
    const wide = rules.find((candidate, j) => {
      const wideSet = sets[j];
      if (j === i || !wideSet || candidate.leaf.field !== narrow.leaf.field) return false;
      if (sameCondition(candidate.leaf, narrow.leaf)) return false;
      // two rules that match exactly the same leads: warn once, on the later one
      if (within(wideSet, narrowSet) && j > i) return false;
      return within(narrowSet, wideSet);
    });
    if (!wide) return;
    found.push({
      index: narrow.index,
      message:
        `every lead "${narrow.name}" matches (${describe(narrow.leaf)}) also matches "${wide.name}" ` +
        `(${describe(wide.leaf)}), so those leads get both rules' points (${signed(narrow.points)} and ` +
        `${signed(wide.points)}); if the rules are not meant as tiers that add up, narrow "${wide.name}"`,
    });
  });
  return found;
}

/** The same condition as SHADOWED_RULE and DUPLICATE_RULE see it (strings folded), which those report. */
function sameCondition(a: DslLeaf, b: DslLeaf): boolean {
  const folded = (value: unknown) =>
    JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'string' ? fold(inner) : inner));
  return a.operator === b.operator && folded(a.value) === folded(b.value);
}
