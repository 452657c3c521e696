import { evaluateOperator, OPERATOR_NAMES, type Facts } from '@leadflow/domain';
import { Almanac, Engine, Operator, type RuleResult } from 'json-rules-engine';
import { readFact, type ConditionTrace } from './condition-closures';
import type { CompiledRuleSet, MatchedRule } from './compiled-rule-set';
import { awardsFor } from './score-decay';
import { toScoreResult, type RuleExplanation, type ScoreOptions, type ScoreResult } from './score-lead';

/**
 * json-rules-engine, the reference evaluator. Leadflow's operators replace its own: each one calls the
 * domain's `evaluateOperator`, the same semantics the fast path compiles.
 */
export const LEADFLOW_OPERATORS: readonly Operator[] = OPERATOR_NAMES.map(
  (name) =>
    new Operator(name, (factValue: unknown, expected: unknown) =>
      evaluateOperator(name, factValue, expected),
    ),
);

/**
 * An Engine loaded with a rule set. It keeps run state (`status`) on itself: two overlapping `run()`s with
 * several priority levels and an async fact make the first to finish stop the other, which then silently
 * skips rules. So an Engine from here must run one evaluation at a time; `scoreLeadWithEngine` makes a new
 * one per evaluation.
 */
export function createRuleSetEngine(ruleSet: CompiledRuleSet): Engine {
  // allowUndefinedFacts: a missing fact is a value (undefined) for the operators, never an error.
  const engine = new Engine([...ruleSet.engineRules], {
    allowUndefinedFacts: true,
    allowUndefinedConditions: false,
  });
  for (const operator of LEADFLOW_OPERATORS) engine.addOperator(operator);
  return engine;
}

/** A fact computed only when a condition asks for it (once per evaluation), e.g. an async lookup. */
export type LazyFact = () => unknown;

export interface EngineScoreOptions extends ScoreOptions {
  lazyFacts?: Readonly<Record<string, LazyFact>>;
}

interface ScoreEventParams {
  order: number;
}

interface EngineCondition {
  all?: EngineCondition[];
  any?: EngineCondition[];
  not?: EngineCondition;
  fact?: string;
  operator?: string;
  value?: unknown;
  factResult?: unknown;
  result?: boolean;
}

function toTrace(condition: EngineCondition): ConditionTrace {
  const result = typeof condition.result === 'boolean' ? condition.result : null;
  if (condition.all) return { group: 'all', result, conditions: condition.all.map(toTrace) };
  if (condition.any) return { group: 'any', result, conditions: condition.any.map(toTrace) };
  if (condition.not) return { group: 'not', result, condition: toTrace(condition.not) };
  return {
    fact: String(condition.fact),
    fact_value: condition.factResult ?? null,
    operator: String(condition.operator),
    expected: condition.value,
    result,
  };
}

function orderOf(result: RuleResult): number {
  return (result.event?.params as ScoreEventParams | undefined)?.order ?? -1;
}

/**
 * Scores with an Engine the caller owns (one evaluation at a time on it, see createRuleSetEngine). Runtime
 * facts are only those the rule set reads, with implied activity counts defaulted to 0 as the fast path does.
 */
export async function scoreWithEngine(
  engine: Engine,
  ruleSet: CompiledRuleSet,
  facts: Facts,
  options: EngineScoreOptions = {},
): Promise<ScoreResult> {
  const lazyFacts = options.lazyFacts ?? {};
  const almanac = new Almanac({ allowUndefinedFacts: true });
  const runtimeFacts: Record<string, unknown> = {};
  ruleSet.factLayout.names.forEach((name, slot) => {
    const lazy = Object.prototype.hasOwnProperty.call(lazyFacts, name) ? lazyFacts[name] : undefined;
    if (lazy) almanac.addFact(name, () => lazy());
    else runtimeFacts[name] = readFact(facts, name, ruleSet.factLayout.zeroDefault[slot] ?? false);
  });
  const award = awardsFor(ruleSet, options.timeline);
  const { results, failureResults } = await engine.run(runtimeFacts, { almanac });

  const matched: MatchedRule[] = [];
  for (const result of [...results].sort((a, b) => orderOf(a) - orderOf(b))) {
    const rule = ruleSet.rules[orderOf(result)];
    if (rule) matched.push(award(rule));
  }
  if (!options.explain) return toScoreResult(ruleSet, matched, undefined);

  const byOrder = new Map([...results, ...failureResults].map((result) => [orderOf(result), result]));
  const explanation: RuleExplanation[] = ruleSet.rules.map((rule) => {
    const result = byOrder.get(rule.order);
    // RuleResult.conditions is json-rules-engine's own clone of the tree, annotated with factResult/result.
    // json-rules-engine records the rule's result on the RuleResult, not on its top-level condition.
    const condition = {
      ...toTrace((result?.conditions ?? rule.conditions) as EngineCondition),
      result: result?.result === true,
    };
    return { ...award(rule), priority: rule.priority, matched: result?.result === true, condition };
  });
  return toScoreResult(ruleSet, matched, explanation);
}

/** The reference evaluation: a new Engine per call, so concurrent calls cannot disturb one another. */
export function scoreLeadWithEngine(
  ruleSet: CompiledRuleSet,
  facts: Facts,
  options: EngineScoreOptions = {},
): Promise<ScoreResult> {
  return scoreWithEngine(createRuleSetEngine(ruleSet), ruleSet, facts, options);
}
