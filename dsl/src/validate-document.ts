import type { FieldProblem } from '@leadflow/domain';
import { guardDocument } from './document-guards';
import { problem, ProblemCode, resultOf, type ValidationResult } from './problems';
import { schemaProblems, type DocumentKind } from './schemas';

/** Semantic checks of one document: push problems, return the normalized value (meaningful only without problems). */
export type SemanticCheck<T> = (doc: unknown, root: string, problems: FieldProblem[]) => T | undefined;

/**
 * The three passes every document goes through, each reporting all it finds: dangerous keys and runaway
 * nesting (first, since later passes recurse), the published JSON Schema, then the semantic checks.
 */
export function validateDocument<T>(
  kind: DocumentKind,
  doc: unknown,
  check: SemanticCheck<T>,
): ValidationResult<T> {
  const guard = guardDocument(doc);
  if (guard.tooDeep) return { ok: false, problems: guard.problems };
  const problems = [...guard.problems, ...schemaProblems(kind, doc)];
  const value = check(doc, '', problems);
  if (problems.length === 0 && value === undefined) {
    problems.push(problem('', ProblemCode.INVALID_SHAPE, `not a valid ${kind.replace(/_/g, ' ')}`));
  }
  return resultOf(problems, () => value as T);
}
