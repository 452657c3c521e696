import {
  ACTIVITY_COUNT_FACT,
  DomainError,
  ErrorCode,
  isCategory,
  isOperatorName,
  type ConditionNode,
  decayPolicyProblems,
  DEFAULT_SCORING_SETTINGS,
  ageSourceOf,
  type FactRegistry,
  type FieldProblem,
  type ScoringRuleForEngine,
  type ScoringSettings,
  type TopLevelCondition,
  capsProblems,
  gradingProblems,
  countsTowardGrade,
} from '@leadflow/domain';
import { compileConditionClosures, type FactLayout, type SlotAllocator } from './condition-closures';
import type { CompiledRule, CompiledRuleSet } from './compiled-rule-set';

/** Every fact a condition tree reads, in first-use order. */
export function factsReadBy(condition: ConditionNode, into: string[] = []): string[] {
  if ('all' in condition) for (const child of condition.all) factsReadBy(child, into);
  else if ('any' in condition) for (const child of condition.any) factsReadBy(child, into);
  else if ('not' in condition) factsReadBy(condition.not, into);
  else if (!into.includes(condition.fact)) into.push(condition.fact);
  return into;
}

/** Not a product limit (the DSL enforces depth 8): a guard against stack exhaustion from a hand-made document. */
const MAX_NESTING = 32;
const LEAF_KEYS = new Set(['fact', 'operator', 'value']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isJsonScalar(value: unknown): boolean {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/**
 * Copies a condition tree keeping only what Leadflow emits, and reports everything else: json-rules-engine
 * would honour `path` (jsonpath-plus), `params`, `condition` references and `{fact}` objects in `value`,
 * none of which a user document may carry (DESIGN.md pitfalls).
 */
export function sanitizeCondition(
  node: unknown,
  pointer: string,
  depth: number,
  registry: FactRegistry,
  problems: FieldProblem[],
): ConditionNode {
  const problem = (at: string, code: string, message: string) =>
    problems.push({ pointer: at, code, message });
  if (!isPlainObject(node)) {
    problem(pointer, 'condition_invalid', 'a condition must be an object');
    return { all: [] };
  }
  if (depth > MAX_NESTING) {
    problem(pointer, 'condition_too_deep', `conditions nest deeper than ${MAX_NESTING}`);
    return { all: [] };
  }
  const keys = Object.keys(node);
  const group =
    keys.length === 1 ? keys.find((key) => key === 'all' || key === 'any' || key === 'not') : undefined;
  if (group === 'not')
    return { not: sanitizeCondition(node.not, `${pointer}/not`, depth + 1, registry, problems) };
  if (group === 'all' || group === 'any') {
    const children = node[group];
    if (!Array.isArray(children)) {
      problem(`${pointer}/${group}`, 'condition_invalid', `"${group}" must be an array`);
      return { all: [] };
    }
    const sanitized = children.map((child, index) =>
      sanitizeCondition(child, `${pointer}/${group}/${index}`, depth + 1, registry, problems),
    );
    return group === 'all' ? { all: sanitized } : { any: sanitized };
  }
  for (const key of keys.filter((name) => !LEAF_KEYS.has(name))) {
    problem(`${pointer}/${key}`, 'condition_key_forbidden', `"${key}" is not allowed in a condition`);
  }
  const { fact, operator, value } = node;
  if (typeof fact !== 'string' || !registry.has(fact)) {
    problem(`${pointer}/fact`, 'fact_unknown', `unknown fact ${JSON.stringify(fact)}`);
  }
  if (typeof operator !== 'string' || !isOperatorName(operator)) {
    problem(`${pointer}/operator`, 'operator_unknown', `unknown operator ${JSON.stringify(operator)}`);
  }
  const valueIsJson =
    value === undefined || isJsonScalar(value) || (Array.isArray(value) && value.every(isJsonScalar));
  if (!valueIsJson) {
    problem(
      `${pointer}/value`,
      'value_invalid',
      'value must be a string, number, boolean, null or an array of those',
    );
  }
  // json-rules-engine requires `value` on every leaf; operators without an operand ignore it.
  return { fact: String(fact), operator: String(operator), value: value === undefined ? null : value };
}

function validateRule(rule: ScoringRuleForEngine, pointer: string, problems: FieldProblem[]): void {
  const problem = (field: string, code: string, message: string) =>
    problems.push({ pointer: `${pointer}/${field}`, code, message });
  if (typeof rule.rule_id !== 'string' || rule.rule_id === '')
    problem('rule_id', 'rule_id_invalid', 'rule_id must be a non-empty string');
  if (!isCategory(rule.category))
    problem('category', 'category_unknown', `unknown category ${JSON.stringify(rule.category)}`);
  if (!Number.isInteger(rule.points) || Math.abs(rule.points) > 100) {
    problem('points', 'points_invalid', 'points must be an integer between -100 and 100');
  }
  if (!Number.isInteger(rule.priority) || rule.priority < 0) {
    problem('priority', 'priority_invalid', 'priority must be a non-negative integer');
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Hands out fact slots and leaf indexes in first-use order while the closures compile. */
export function createAllocator(): SlotAllocator & { factNames(): string[]; leafCount(): number } {
  const slotByFact = new Map<string, number>();
  const indexByLeaf = new Map<string, number>();
  return {
    slotOf(fact) {
      const slot = slotByFact.get(fact) ?? slotByFact.size;
      slotByFact.set(fact, slot);
      return slot;
    },
    leafOf(fact, operator, value) {
      // values are sanitized JSON scalars or arrays of them, so their JSON text identifies them
      const key = JSON.stringify([fact, operator, value]);
      const index = indexByLeaf.get(key) ?? indexByLeaf.size;
      indexByLeaf.set(key, index);
      return index;
    },
    factNames: () => [...slotByFact.keys()],
    leafCount: () => indexByLeaf.size,
  };
}

/** Implied `<type>_count` facts (no explicit registration) read as 0 when the lead has no such activity. */
export function isImpliedCount(name: string, registry: FactRegistry): boolean {
  return ACTIVITY_COUNT_FACT.test(name) && !registry.list().some((definition) => definition.name === name);
}

/**
 * Validates and compiles one version of a rule set with its settings (score decay). Throws
 * DomainError(RULE_INVALID) listing every problem (JSON pointer into `rules`, or `/settings/...`), so a stored
 * document the DSL would reject never reaches either evaluator.
 */
export function compileRuleSet(
  version: string,
  rules: readonly ScoringRuleForEngine[],
  registry: FactRegistry,
  settings: ScoringSettings = DEFAULT_SCORING_SETTINGS,
): CompiledRuleSet {
  const problems: FieldProblem[] = [];
  // a copy, since the compiled set is deep-frozen and the caller's settings are not ours to freeze
  const decay = settings.decay === null ? null : structuredClone(settings.decay);
  if (decay !== null) problems.push(...decayPolicyProblems(decay, '/settings/decay'));
  const caps = settings.caps === null ? null : structuredClone(settings.caps);
  if (caps !== null) problems.push(...capsProblems(caps, '/settings/caps'));
  const grading = settings.grading === null ? null : structuredClone(settings.grading);
  if (grading !== null) problems.push(...gradingProblems(grading, '/settings/grading'));
  const seenIds = new Set<string>();
  const sanitized = rules.map((rule, index) => {
    const pointer = `/${index}`;
    validateRule(rule, pointer, problems);
    if (seenIds.has(rule.rule_id))
      problems.push({
        pointer: `${pointer}/rule_id`,
        code: 'rule_id_duplicate',
        message: `duplicate rule_id ${rule.rule_id}`,
      });
    seenIds.add(rule.rule_id);
    const conditions = sanitizeCondition(rule.conditions, `${pointer}/conditions`, 1, registry, problems);
    if (!('all' in conditions || 'any' in conditions || 'not' in conditions)) {
      problems.push({
        pointer: `${pointer}/conditions`,
        code: 'condition_invalid',
        message: 'the top-level condition must be all, any or not',
      });
    }
    return { rule, index, conditions: conditions as TopLevelCondition };
  });
  if (problems.length > 0) {
    throw new DomainError(
      ErrorCode.RULE_INVALID,
      `rule set ${version} has ${problems.length} problem(s)`,
      problems,
    );
  }

  // json-rules-engine reads priority 0 as 1 (`priority || 1`); ordering here must agree with it.
  const active = sanitized
    .filter(({ rule }) => rule.is_active)
    .map((entry) => ({ ...entry, priority: Math.max(1, entry.rule.priority) }))
    .sort((a, b) => b.priority - a.priority || a.index - b.index);
  const allocator = createAllocator();
  const compiledRules = active.map(({ rule, conditions, priority }, order): CompiledRule => ({
    rule_id: rule.rule_id,
    name: rule.name,
    category: rule.category,
    points: rule.points,
    priority,
    order,
    conditions: deepFreeze(conditions),
    closures: compileConditionClosures(conditions, allocator),
    awarded: { rule_id: rule.rule_id, name: rule.name, category: rule.category, points: rule.points },
    countsTowardGrade: countsTowardGrade(rule.category, rule.counts_toward_grade),
    decays: decay !== null && decay.categories.includes(rule.category),
    ageSource: ageSourceOf(factsReadBy(conditions)),
  }));
  const factNames = allocator.factNames();
  const factLayout: FactLayout = {
    names: factNames,
    zeroDefault: factNames.map((name) => isImpliedCount(name, registry)),
    leafCount: allocator.leafCount(),
  };
  const engineRules = compiledRules.map((rule) => ({
    name: rule.rule_id,
    priority: rule.priority,
    conditions: rule.conditions,
    event: {
      type: 'score',
      params: { rule_id: rule.rule_id, category: rule.category, points: rule.points, order: rule.order },
    },
  }));
  const fitRules = grading === null ? [] : compiledRules.filter((rule) => rule.countsTowardGrade);
  return deepFreeze({
    version,
    rules: compiledRules,
    inactiveRuleIds: sanitized.filter(({ rule }) => !rule.is_active).map(({ rule }) => rule.rule_id),
    factLayout,
    engineRules,
    decay,
    caps,
    grading,
    fitRuleIds: new Set(fitRules.map((rule) => rule.rule_id)),
    // Caps limit the score, not the fit: the grade says how much of the profile a lead matches.
    maxFitPoints: fitRules.reduce((sum, rule) => sum + Math.max(0, rule.points), 0),
    settings: {
      decay: structuredClone(decay),
      caps: structuredClone(caps),
      grading: structuredClone(grading),
    },
  });
}
