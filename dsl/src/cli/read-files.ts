import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FieldProblem } from '@leadflow/domain';
import { jsonSyntaxMessage } from '../json-syntax';
import { problem, ProblemCode } from '../problems';

/** Thrown for command-line mistakes (missing path, bad --now): exit code 2, one line on stderr. */
export class UsageError extends Error {}

/**
 * The JSON files named by `paths`, directories walked recursively, in a stable order. `*.expected.json`
 * files are skipped: they are the expected-problem lists beside invalid fixtures, not documents.
 */
export function collectJsonFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const visit = (path: string, named: boolean): void => {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      throw new UsageError(`no such file or directory: ${path}`);
    }
    if (stats.isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry), false);
    } else if (named || (path.endsWith('.json') && !path.endsWith('.expected.json'))) {
      files.push(path);
    }
  };
  for (const path of paths) visit(path, true);
  return files;
}

export type ReadJson = { ok: true; value: unknown } | { ok: false; problem: FieldProblem };

export function readJsonFile(file: string): ReadJson {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return {
      ok: false,
      problem: problem('', ProblemCode.INVALID_JSON, `cannot read file: ${errorMessage(error)}`),
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: problem('', ProblemCode.INVALID_JSON, jsonSyntaxMessage(text, error)) };
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
