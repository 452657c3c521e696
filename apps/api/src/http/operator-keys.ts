import type { NextFunction, Request, Response } from 'express';
import { DomainError, ErrorCode, type FieldProblem } from '@leadflow/domain';

const DANGEROUS_KEY = /^\$|^(__proto__|constructor|prototype)$/;

/** Every place in a parsed body or query string whose key could turn into a MongoDB operator or a prototype. */
export function operatorKeyProblems(value: unknown, pointer = ''): FieldProblem[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => operatorKeyProblems(item, `${pointer}/${index}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => {
    const here = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const own = DANGEROUS_KEY.test(key)
      ? [
          {
            pointer: here,
            code: 'FORBIDDEN_KEY',
            message: `keys starting with $ and prototype keys are not accepted (${key})`,
          },
        ]
      : [];
    return [...own, ...operatorKeyProblems((value as Record<string, unknown>)[key], here)];
  });
}

/**
 * Refuses, with a 400 that lists every offending key, any request whose body or query string carries
 * `$`-prefixed or prototype keys: `{"lead_id": {"$ne": null}}` is an error, never a query.
 */
export function rejectOperatorKeys(request: Request, _response: Response, next: NextFunction): void {
  const problems = [...operatorKeyProblems(request.body as unknown), ...operatorKeyProblems(request.query)];
  if (problems.length === 0) {
    next();
    return;
  }
  next(
    new DomainError(ErrorCode.VALIDATION_FAILED, 'The request carries keys that are not accepted', problems),
  );
}
