import type { NextFunction, Request, Response } from 'express';
import { jsonSyntaxMessage } from '@leadflow/dsl';

interface ParseFailure {
  type?: unknown;
  body?: unknown;
}

/**
 * Express error middleware, right after the JSON body parser: a body that does not parse gets the line and
 * column of its error ("at line 4, column 20") instead of the parser's character offset. Nest turns the
 * parser's SyntaxError into a 400 with its message, and that message is all that survives, so it is the
 * message that is rewritten here.
 */
export function placeJsonSyntaxErrors(
  error: unknown,
  _req: Request,
  _res: Response,
  next: NextFunction,
): void {
  const failure = error as ParseFailure;
  if (
    error instanceof SyntaxError &&
    failure.type === 'entity.parse.failed' &&
    typeof failure.body === 'string'
  ) {
    error.message = `Malformed JSON body: ${jsonSyntaxMessage(failure.body, error)}`;
  }
  next(error);
}
