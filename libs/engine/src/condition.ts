import {
  DomainError,
  ErrorCode,
  type Facts,
  type FactRegistry,
  type FieldProblem,
  type TopLevelCondition,
} from '@leadflow/domain';
import { type ConditionTrace, compileConditionClosures, FactSlots } from './condition-closures';
import { createAllocator, isImpliedCount, sanitizeCondition } from './rule-set';

/** One condition compiled on its own: a workflow's trigger rule, a branch, a time-based lead filter. */
export interface CompiledStandaloneCondition {
  holds(facts: Facts): boolean;
  explain(facts: Facts): ConditionTrace;
}

/**
 * Compiles a condition with the same closures and the same sanitizing as scoring rules, so a branch or a
 * trigger means exactly what the same condition means in a rule. Throws DomainError listing every problem.
 */
export function compileCondition(
  condition: TopLevelCondition,
  registry: FactRegistry,
): CompiledStandaloneCondition {
  const problems: FieldProblem[] = [];
  const sanitized = sanitizeCondition(condition, '', 1, registry, problems);
  if (problems.length > 0) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `condition has ${problems.length} problem(s)`,
      problems,
    );
  }
  const allocator = createAllocator();
  const closures = compileConditionClosures(sanitized, allocator);
  const names = allocator.factNames();
  const layout = {
    names,
    zeroDefault: names.map((name) => isImpliedCount(name, registry)),
    leafCount: allocator.leafCount(),
  };
  return {
    holds: (facts) => closures.test(new FactSlots(facts, layout)),
    explain: (facts) => closures.trace(new FactSlots(facts, layout)),
  };
}
