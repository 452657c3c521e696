import type { FieldProblem } from '@leadflow/domain';
import { LIMITS } from './limits';
import { childPointer, isRecord, problem, ProblemCode } from './problems';

/**
 * Keys that must never reach a store or an object merge: prototype pollution (`__proto__`, `constructor`,
 * `prototype`) and MongoDB operators (`$`-prefixed), wherever they are in the document.
 */
export function isDangerousKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype' || key.startsWith('$');
}

/**
 * Walks the whole document once before schema validation: reports every dangerous key, and stops at
 * LIMITS.documentDepth so that a hostile, deeply nested document cannot exhaust the stack of later passes.
 * Returns `tooDeep` so callers can skip the recursive passes.
 */
export function guardDocument(doc: unknown, root = ''): { problems: FieldProblem[]; tooDeep: boolean } {
  const problems: FieldProblem[] = [];
  let tooDeep = false;
  const visit = (node: unknown, pointer: string, depth: number): void => {
    if (depth > LIMITS.documentDepth) {
      if (!tooDeep) {
        problems.push(
          problem(pointer, ProblemCode.TOO_DEEP, `document nesting exceeds ${LIMITS.documentDepth} levels`),
        );
      }
      tooDeep = true;
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        visit(item, childPointer(pointer, index), depth + 1);
      });
    } else if (isRecord(node)) {
      for (const key of Object.keys(node)) {
        const keyPointer = childPointer(pointer, key);
        if (isDangerousKey(key)) {
          problems.push(
            problem(
              keyPointer,
              ProblemCode.DANGEROUS_KEY,
              `key "${key}" is not allowed anywhere in a document`,
            ),
          );
          continue;
        }
        visit(node[key], keyPointer, depth + 1);
      }
    }
  };
  visit(doc, root, 0);
  return { problems, tooDeep };
}
