import {
  isOperatorName,
  OPERATOR_NAMES,
  type FactRegistry,
  type FactType,
  type FieldProblem,
  type OperatorName,
} from '@leadflow/domain';
import { LIMITS } from './limits';
import { childPointer, hasOwn, isRecord, problem, ProblemCode } from './problems';
import { didYouMean } from './suggest';
import type { DslGroup, DslLeaf, DslNode } from './types';
import { parseOperand } from './values';

/** Where the three parts of a leaf live: `{field, operator, value}` in a tree, `field_name` etc. in a flat rule. */
export interface LeafLocation {
  record: Record<string, unknown>;
  pointer: string;
  fieldKey: 'field' | 'field_name';
}

const ORDERED_OPERATORS: ReadonlySet<OperatorName> = new Set([
  'greater_than',
  'greater_than_or_equal',
  'less_than',
  'less_than_or_equal',
  'between',
]);

/**
 * Operators that can never hold on a fact of a type, whatever the value: the engine orders numbers and
 * instants only, so an ordered operator on a boolean, a list or an object is always false. Deliberately
 * short: string facts keep the numeric operators (numeric text compares as a number), and the text
 * operators stay allowed on numbers and dates (they compare through the text).
 */
const UNFIT_OPERATORS: Readonly<Partial<Record<FactType, ReadonlySet<OperatorName>>>> = {
  boolean: ORDERED_OPERATORS,
  'string[]': ORDERED_OPERATORS,
  object: ORDERED_OPERATORS,
};

export function operatorFitsFactType(operator: OperatorName, type: FactType): boolean {
  return UNFIT_OPERATORS[type]?.has(operator) !== true;
}

/** Why `operator` cannot test `fact` of `type`, naming the operators that can; undefined when it fits. */
export function operatorMismatch(operator: OperatorName, fact: string, type: FactType): string | undefined {
  if (operatorFitsFactType(operator, type)) return undefined;
  const fitting = OPERATOR_NAMES.filter((name) => operatorFitsFactType(name, type));
  return `${operator} compares numbers or dates, but "${fact}" is a ${type} fact; operators that fit a ${type} fact: ${fitting.join(', ')}`;
}

/**
 * Semantic checks of one leaf beyond the schema: the fact is registered, the operator can hold on the fact's
 * type, the value fits the operator.
 * Unknown operators and wrong types are the schema's to report; they only stop the value check here.
 * Returns the normalized leaf, or undefined when something is wrong (and `problems` says what).
 */
export function checkLeaf(
  location: LeafLocation,
  registry: FactRegistry,
  problems: FieldProblem[],
): DslLeaf | undefined {
  const { record, pointer, fieldKey } = location;
  const field = record[fieldKey];
  const operator = record.operator;
  const knownFact = typeof field === 'string' && registry.has(field);
  // an empty or non-string name is the schema's to report
  if (typeof field === 'string' && field.length > 0 && !knownFact) {
    problems.push(
      problem(
        childPointer(pointer, fieldKey),
        ProblemCode.UNKNOWN_FACT,
        `unknown fact "${field}"${didYouMean(field, registry.names())}`,
      ),
    );
  }
  if (typeof operator !== 'string' || !isOperatorName(operator)) return undefined;
  const factType = knownFact ? registry.get(field)?.type : undefined;
  const mismatch = factType && operatorMismatch(operator, field as string, factType);
  if (mismatch) {
    problems.push(
      problem(childPointer(pointer, 'operator'), ProblemCode.OPERATOR_FACT_TYPE_MISMATCH, mismatch),
    );
  }
  // an object value (a json-rules-engine fact reference, a Mongo operator) is the schema's INVALID_TYPE
  if (isRecord(record.value)) return undefined;
  const parsed = parseOperand(operator, record.value, hasOwn(record, 'value'));
  if (!parsed.ok) {
    const valuePointer = childPointer(pointer, 'value');
    for (const p of parsed.problems) problems.push(problem(valuePointer + p.at, p.code, p.message));
    return undefined;
  }
  return knownFact && !mismatch ? { field: field, operator, value: parsed.value } : undefined;
}

/** Counts shared across one condition tree, so that the caps apply to the whole rule. */
interface TreeBudget {
  leaves: number;
  reportedDepth: boolean;
}

/**
 * Checks a condition tree whose root must be a group (all / any / not), as the nested rule form, a workflow
 * branch and a time_based filter require. Reports unknown facts, bad values, depth beyond
 * LIMITS.conditionDepth groups and more than LIMITS.conditionLeaves leaves.
 */
export function checkGroupCondition(
  node: unknown,
  pointer: string,
  registry: FactRegistry,
  problems: FieldProblem[],
): DslGroup | undefined {
  const budget: TreeBudget = { leaves: 0, reportedDepth: false };
  const group = isRecord(node) ? checkGroup(node, pointer, 1, registry, problems, budget) : undefined;
  if (budget.leaves > LIMITS.conditionLeaves) {
    problems.push(
      problem(
        pointer,
        ProblemCode.TOO_MANY_LEAVES,
        `conditions have ${budget.leaves} leaves; at most ${LIMITS.conditionLeaves} are allowed`,
      ),
    );
    return undefined;
  }
  return group;
}

function checkGroup(
  record: Record<string, unknown>,
  pointer: string,
  depth: number,
  registry: FactRegistry,
  problems: FieldProblem[],
  budget: TreeBudget,
): DslGroup | undefined {
  if (depth > LIMITS.conditionDepth) {
    if (!budget.reportedDepth) {
      problems.push(
        problem(
          pointer,
          ProblemCode.TOO_DEEP,
          `conditions nest more than ${LIMITS.conditionDepth} groups deep`,
        ),
      );
      budget.reportedDepth = true;
    }
    return undefined;
  }
  const keys = Object.keys(record).filter((key) => key === 'all' || key === 'any' || key === 'not');
  // The schema reports a group with zero or several of all/any/not; here we only look inside.
  if (keys.length !== 1) return undefined;
  const key = keys[0] as 'all' | 'any' | 'not';
  const inner = record[key];
  const innerPointer = childPointer(pointer, key);
  if (key === 'not') {
    const child = isRecord(inner)
      ? checkNode(inner, innerPointer, depth, registry, problems, budget)
      : undefined;
    return child ? { not: child } : undefined;
  }
  if (!Array.isArray(inner)) return undefined;
  const children = inner.map((child, index) =>
    isRecord(child)
      ? checkNode(child, childPointer(innerPointer, index), depth, registry, problems, budget)
      : undefined,
  );
  if (children.length === 0 || children.some((child) => child === undefined)) return undefined;
  const nodes = children as DslNode[];
  return key === 'all' ? { all: nodes } : { any: nodes };
}

function checkNode(
  record: Record<string, unknown>,
  pointer: string,
  parentDepth: number,
  registry: FactRegistry,
  problems: FieldProblem[],
  budget: TreeBudget,
): DslNode | undefined {
  if (hasOwn(record, 'all') || hasOwn(record, 'any') || hasOwn(record, 'not')) {
    return checkGroup(record, pointer, parentDepth + 1, registry, problems, budget);
  }
  budget.leaves += 1;
  return checkLeaf({ record, pointer, fieldKey: 'field' }, registry, problems);
}
