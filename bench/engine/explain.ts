import type { Facts } from '../../libs/domain/src';
import {
  createRuleSetEngine,
  scoreLead,
  scoreWithEngine,
  type CompiledRuleSet,
  type ConditionTrace,
  type ScoreResult,
} from '../../libs/engine/src';
import { measured, ratio, type Measurement } from './measure';

/**
 * Explanations two ways on the same leads: the fast path's closures in trace mode (what the engine uses) and
 * json-rules-engine's own annotated conditions from one reused Engine (its fastest sequential form). The
 * issue asks the engine to explain with json-rules-engine or to show here why not; the counts say why:
 * speed, and the leaves json-rules-engine leaves without a result because it short-circuits all/any.
 */
export interface ExplainFigures {
  leads: number;
  trace: Measurement;
  json_rules_engine_reused_engine: Measurement;
  trace_vs_json_rules_engine: number;
  leaves: {
    /** leaves in every explained rule of every lead */
    total: number;
    /** leaves json-rules-engine gave no result (skipped by short-circuit); the trace has all of them */
    without_result_from_json_rules_engine: number;
  };
  differences: {
    /** leads whose score, breakdown, matched rules or per-rule verdicts differ */
    results: number;
    /** leaves json-rules-engine evaluated whose result or fact value differs from the trace */
    leaves: number;
  };
}

interface LeafCounts {
  total: number;
  withoutResult: number;
  differing: number;
}

/** Walks the two traces of one rule side by side, counting leaves, skipped leaves and disagreements. */
function compareTraces(trace: ConditionTrace, reference: ConditionTrace, counts: LeafCounts): void {
  if ('group' in trace && 'group' in reference) {
    const children = 'conditions' in trace ? trace.conditions : [trace.condition];
    const others = 'conditions' in reference ? reference.conditions : [reference.condition];
    children.forEach((child, i) => {
      const other = others[i];
      if (other) compareTraces(child, other, counts);
      else counts.differing += 1;
    });
    return;
  }
  if ('group' in trace || 'group' in reference) {
    counts.total += 1;
    counts.differing += 1;
    return;
  }
  counts.total += 1;
  if (reference.result === null) {
    counts.withoutResult += 1;
    return;
  }
  const sameValue =
    Object.is(trace.fact_value, reference.fact_value) ||
    JSON.stringify(trace.fact_value) === JSON.stringify(reference.fact_value);
  if (trace.result !== reference.result || !sameValue) counts.differing += 1;
}

const verdicts = (result: ScoreResult) =>
  JSON.stringify({
    score: result.score,
    breakdown: result.breakdown,
    matched: result.matched,
    rules: (result.explanation ?? []).map((rule) => [rule.rule_id, rule.matched]),
  });

async function engineExplanations(ruleSet: CompiledRuleSet, leads: readonly Facts[]): Promise<ScoreResult[]> {
  const engine = createRuleSetEngine(ruleSet);
  const results: ScoreResult[] = [];
  for (const facts of leads) results.push(await scoreWithEngine(engine, ruleSet, facts, { explain: true }));
  return results;
}

function traceExplanations(ruleSet: CompiledRuleSet, leads: readonly Facts[]): ScoreResult[] {
  return leads.map((facts) => scoreLead(ruleSet, facts, { explain: true }));
}

export async function benchExplanations(
  ruleSet: CompiledRuleSet,
  leads: readonly Facts[],
): Promise<ExplainFigures> {
  const warmUp = leads.slice(0, Math.min(200, leads.length));
  traceExplanations(ruleSet, warmUp);
  await engineExplanations(ruleSet, warmUp);

  let startedAt = process.hrtime.bigint();
  const traced = traceExplanations(ruleSet, leads);
  const trace = measured(leads.length, startedAt);

  startedAt = process.hrtime.bigint();
  const reference = await engineExplanations(ruleSet, leads);
  const engine = measured(leads.length, startedAt);

  const counts: LeafCounts = { total: 0, withoutResult: 0, differing: 0 };
  let differentResults = 0;
  traced.forEach((result, i) => {
    const other = reference[i];
    if (!other || verdicts(result) !== verdicts(other)) differentResults += 1;
    (result.explanation ?? []).forEach((rule, r) => {
      const otherRule = other?.explanation?.[r];
      if (otherRule) compareTraces(rule.condition, otherRule.condition, counts);
    });
  });

  return {
    leads: leads.length,
    trace,
    json_rules_engine_reused_engine: engine,
    trace_vs_json_rules_engine: ratio(trace, engine),
    leaves: { total: counts.total, without_result_from_json_rules_engine: counts.withoutResult },
    differences: { results: differentResults, leaves: counts.differing },
  };
}
