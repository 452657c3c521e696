import {
  buildFacts,
  type FactContext,
  type FactRegistry,
  type Facts,
  type QualificationCriterion,
  resolveStage,
  type StageResolution,
} from '@leadflow/domain';
import type { CompiledRuleSet } from './compiled-rule-set';
import { scoreLead, type ScoreResult } from './score-lead';

/** A lead scored from its inputs: the facts the rules read, and the result. */
export interface InputsScore {
  facts: Facts;
  result: ScoreResult;
}

/** The same, with the stage the score, grade and inputs reach. */
export interface InputsQualification extends InputsScore {
  stage: StageResolution;
}

/**
 * The one way a lead is scored: facts built from its stored fields, activities and the scoring instant,
 * then the rule set over those facts, with the version's score decay aging points from the same activities
 * and instant. Calculations, simulations, a rule's test and the CLI all score through here, so they cannot
 * disagree on a step.
 */
export function scoreInputs(
  ruleSet: CompiledRuleSet,
  registry: FactRegistry,
  input: FactContext,
  options: { explain?: boolean } = {},
): InputsScore {
  const facts = buildFacts(registry, input);
  const result = scoreLead(ruleSet, facts, { explain: options.explain === true, timeline: input });
  return { facts, result };
}

/** scoreInputs, then the stage: the highest criterion the score, the grade and the inputs meet. */
export function qualifyInputs(
  ruleSet: CompiledRuleSet,
  registry: FactRegistry,
  criteria: readonly QualificationCriterion[],
  input: FactContext,
  options: { explain?: boolean } = {},
): InputsQualification {
  const scored = scoreInputs(ruleSet, registry, input, options);
  const { lead, activities, now } = input;
  const stage = resolveStage(criteria, lead, activities, scored.result.score, now, scored.result.grade);
  return { ...scored, stage };
}
