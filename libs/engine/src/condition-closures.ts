import {
  compileOperator,
  describeValue,
  type DescribedValue,
  type Facts,
  type FactTest,
} from '@leadflow/domain';
import type { ConditionNode } from '@leadflow/domain';

/**
 * The fast path: a rule's json-rules-engine condition tree compiled once into plain closures. It keeps
 * json-rules-engine's meaning exactly (the differential test proves it over random rules and leads):
 * - `all` of nothing and `any` of nothing are both true (json-rules-engine's prioritizeAndRun returns true
 *   for an empty list, even for `any`);
 * - leaves call the same `compileOperator` that the json-rules-engine custom operators call;
 * - operators are pure, so short-circuiting and json-rules-engine's priority-ordered evaluation give the
 *   same result.
 */

// A leaf's slot is 0 (not evaluated yet for this lead), HOLDS or FAILS; a fresh Uint8Array is all zeros.
const HOLDS = 1;
const FAILS = 2;

/**
 * Per-evaluation state of the fast path: each fact read and described at most once, on first use, and each
 * distinct leaf (same fact, operator and value, wherever it appears in the rule set) evaluated at most once.
 * Operators are pure, so reusing a leaf's result cannot change any rule's outcome.
 */
export class FactSlots {
  private readonly described: (DescribedValue | undefined)[];
  private readonly leafResults: Uint8Array;

  constructor(
    private readonly facts: Facts,
    private readonly layout: FactLayout,
  ) {
    this.described = new Array<DescribedValue | undefined>(layout.names.length);
    this.leafResults = new Uint8Array(layout.leafCount);
  }

  raw(slot: number): unknown {
    return readFact(this.facts, this.layout.names[slot] ?? '', this.layout.zeroDefault[slot] ?? false);
  }

  describe(slot: number): DescribedValue {
    let described = this.described[slot];
    if (described === undefined) {
      described = describeValue(this.raw(slot));
      this.described[slot] = described;
    }
    return described;
  }

  leafHolds(leaf: number, slot: number, test: FactTest): boolean {
    const known = this.leafResults[leaf];
    if (known === HOLDS) return true;
    if (known === FAILS) return false;
    const holds = test(this.describe(slot));
    this.leafResults[leaf] = holds ? HOLDS : FAILS;
    return holds;
  }
}

/** The facts a rule set reads, by slot, which of them default to 0 when absent, and its distinct leaves. */
export interface FactLayout {
  readonly names: readonly string[];
  /** implied `<activity type>_count` facts: no such activity means a count of 0, not a missing fact */
  readonly zeroDefault: readonly boolean[];
  readonly leafCount: number;
}

/** Assigns fact slots and leaf indexes while a rule set compiles. */
export interface SlotAllocator {
  slotOf(fact: string): number;
  /** identical leaves share one index */
  leafOf(fact: string, operator: string, value: unknown): number;
}

/**
 * The value of a fact for both evaluators. Own properties only: `facts.toString` must be a missing fact,
 * as it is in json-rules-engine's almanac (a Map), not Object.prototype.toString.
 */
export function readFact(facts: Facts, name: string, zeroDefault: boolean): unknown {
  const value = Object.prototype.hasOwnProperty.call(facts, name) ? facts[name] : undefined;
  return zeroDefault && (value === undefined || value === null) ? 0 : value;
}

export interface LeafTrace {
  fact: string;
  /** the value the operator saw; null when the fact is missing */
  fact_value: unknown;
  operator: string;
  expected: unknown;
  /** null only in json-rules-engine traces, for a leaf it skipped by short-circuit */
  result: boolean | null;
}
export type ConditionTrace =
  | { group: 'all' | 'any'; result: boolean | null; conditions: ConditionTrace[] }
  | { group: 'not'; result: boolean | null; condition: ConditionTrace }
  | LeafTrace;

export interface CompiledCondition {
  /** short-circuiting test, for scoring */
  test: (slots: FactSlots) => boolean;
  /** evaluates every leaf and records it, for explanations */
  trace: (slots: FactSlots) => ConditionTrace;
}

export function compileConditionClosures(node: ConditionNode, allocator: SlotAllocator): CompiledCondition {
  if ('all' in node || 'any' in node) {
    const group = 'all' in node ? 'all' : 'any';
    const children = ('all' in node ? node.all : node.any).map((child) =>
      compileConditionClosures(child, allocator),
    );
    const tests = children.map((child) => child.test);
    return { test: group === 'all' ? allOf(tests) : anyOf(tests), trace: traceGroup(group, children) };
  }
  if ('not' in node) {
    const inner = compileConditionClosures(node.not, allocator);
    return {
      test: (slots) => !inner.test(slots),
      trace: (slots) => {
        const condition = inner.trace(slots);
        return { group: 'not', result: condition.result !== true, condition };
      },
    };
  }
  const slot = allocator.slotOf(node.fact);
  const leaf = allocator.leafOf(node.fact, node.operator, node.value);
  const factTest = compileOperator(node.operator, node.value);
  return {
    test: (slots) => slots.leafHolds(leaf, slot, factTest),
    trace: (slots) => ({
      fact: node.fact,
      fact_value: slots.raw(slot) ?? null,
      operator: node.operator,
      expected: node.value,
      result: slots.leafHolds(leaf, slot, factTest),
    }),
  };
}

type SlotTest = (slots: FactSlots) => boolean;

// Plain loops rather than every/some with a fresh arrow per call: this is the innermost loop of bulk scoring.
function allOf(tests: readonly SlotTest[]): SlotTest {
  if (tests.length === 1 && tests[0]) return tests[0];
  return (slots) => {
    for (const childTest of tests) if (!childTest(slots)) return false;
    return true;
  };
}

function anyOf(tests: readonly SlotTest[]): SlotTest {
  if (tests.length === 0) return () => true;
  if (tests.length === 1 && tests[0]) return tests[0];
  return (slots) => {
    for (const childTest of tests) if (childTest(slots)) return true;
    return false;
  };
}

function traceGroup(
  group: 'all' | 'any',
  children: readonly CompiledCondition[],
): (slots: FactSlots) => ConditionTrace {
  return (slots) => {
    const conditions = children.map((child) => child.trace(slots));
    const results = conditions.map((condition) => condition.result === true);
    const result = group === 'all' ? results.every(Boolean) : results.length === 0 || results.some(Boolean);
    return { group, result, conditions };
  };
}
