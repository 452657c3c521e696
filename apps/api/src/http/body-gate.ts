import type { NextFunction, Request, Response } from 'express';
import { DomainError, ErrorCode, type FieldProblem } from '@leadflow/domain';

/** How much structure one request may carry (BODY_MAX_DEPTH and BODY_MAX_KEYS in the config table). */
export interface BodyLimits {
  maxDepth: number;
  maxKeys: number;
}

/**
 * An error body lists every problem, but a body of 100,000 bad strings must not make a 100,000-entry answer:
 * past this many the last entry says how many more there were.
 */
const MAX_LISTED_PROBLEMS = 200;

/** `$`-keys would turn into MongoDB operators, prototype keys into prototype pollution. */
const DANGEROUS_KEY = /^\$|^(__proto__|constructor|prototype)$/;
/**
 * NUL cannot be stored (PostgreSQL text under FerretDB refuses it, BSON keys cannot hold it), and a lone
 * surrogate is not text in any encoding the storage server or a client's JSON decoder agree on.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function pointerTo(parent: string, key: string | number): string {
  return `${parent}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function keyProblem(key: string, pointer: string): FieldProblem | null {
  if (DANGEROUS_KEY.test(key)) {
    return {
      pointer,
      code: 'FORBIDDEN_KEY',
      message: `keys starting with $ and prototype keys are not accepted (${key})`,
    };
  }
  if (UNSTORABLE_TEXT.test(key)) {
    return { pointer, code: 'INVALID_TEXT', message: 'keys may not hold NUL characters or lone surrogates' };
  }
  // MongoDB reads a dotted key as a path, and FerretDB refuses to store one.
  if (key.includes('.'))
    return { pointer, code: 'FORBIDDEN_KEY', message: `keys may not contain "." (${key})` };
  return null;
}

function leafProblem(value: unknown, pointer: string): FieldProblem | null {
  if (typeof value === 'string' && UNSTORABLE_TEXT.test(value)) {
    return { pointer, code: 'INVALID_TEXT', message: 'text may not hold NUL characters or lone surrogates' };
  }
  // JSON.parse has already rounded such a number (9007199254740993 became ...992): refuse, never store it.
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return {
      pointer,
      code: 'UNSAFE_INTEGER',
      message: `integers must lie within ±${Number.MAX_SAFE_INTEGER} (larger ones lose digits)`,
    };
  }
  return null;
}

interface Pending {
  value: unknown;
  pointer: string;
  depth: number;
}

/**
 * Every problem of a parsed JSON body or query string that no route may accept, found with an explicit
 * stack rather than recursion, so that 100,000 levels of nesting cost a loop, not the call stack: nesting
 * deeper than `maxDepth` containers, more than `maxKeys` keys and array items in all, `$`- and prototype
 * keys, dotted keys, NUL and lone surrogates in keys and strings, integers outside the safe range, and
 * arrays directly inside arrays (FerretDB refuses to store them).
 */
export function bodyProblems(root: unknown, limits: BodyLimits): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: Pending[] = [{ value: root, pointer: '', depth: 0 }];
  let keys = 0;
  while (stack.length > 0) {
    const { value, pointer, depth } = stack.pop() as Pending;
    if (typeof value !== 'object' || value === null) {
      const problem = leafProblem(value, pointer);
      if (problem) problems.push(problem);
      continue;
    }
    if (depth >= limits.maxDepth) {
      problems.push({
        pointer,
        code: 'TOO_DEEP',
        message: `nesting deeper than ${limits.maxDepth} levels is not accepted`,
      });
      continue;
    }
    const children: Pending[] = [];
    if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => {
        const here = pointerTo(pointer, index);
        if (Array.isArray(item)) {
          problems.push({
            pointer: here,
            code: 'NESTED_ARRAY',
            message: 'arrays directly inside arrays are not accepted',
          });
        } else {
          children.push({ value: item, pointer: here, depth: depth + 1 });
        }
      });
    } else {
      for (const [key, item] of Object.entries(value)) {
        const here = pointerTo(pointer, key);
        const problem = keyProblem(key, here);
        if (problem) problems.push(problem);
        children.push({ value: item, pointer: here, depth: depth + 1 });
      }
    }
    keys += children.length;
    if (keys > limits.maxKeys) {
      problems.push({
        pointer: '',
        code: 'TOO_MANY_KEYS',
        message: `more than ${limits.maxKeys} keys and array items in all are not accepted`,
      });
      break;
    }
    // Reversed, so that problems come out in document order.
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index] as Pending);
  }
  return problems;
}

function listable(problems: FieldProblem[]): FieldProblem[] {
  if (problems.length <= MAX_LISTED_PROBLEMS) return problems;
  return [
    ...problems.slice(0, MAX_LISTED_PROBLEMS),
    {
      pointer: '',
      code: 'MORE_PROBLEMS',
      message: `${problems.length - MAX_LISTED_PROBLEMS} more problems are not listed`,
    },
  ];
}

function refuse(problems: FieldProblem[]): DomainError {
  return new DomainError(
    ErrorCode.VALIDATION_FAILED,
    'The request carries values that are not accepted',
    listable(problems),
  );
}

/** Throws the 400 listing every problem of `value`; for bodies parsed after the gate (CSV imports). */
export function assertAcceptable(value: unknown, limits: BodyLimits): void {
  const problems = bodyProblems(value, limits);
  if (problems.length > 0) throw refuse(problems);
}

/**
 * The one gate every request passes before any route reads it: the parsed body and the query string are
 * checked against `limits` and refused with a 400 listing every problem of both.
 */
export function bodyGate(limits: BodyLimits) {
  return (request: Request, _response: Response, next: NextFunction): void => {
    const problems = [...bodyProblems(request.body, limits), ...bodyProblems(request.query, limits)];
    next(problems.length === 0 ? undefined : refuse(problems));
  };
}
