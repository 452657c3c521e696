import type { FieldProblem } from '@leadflow/domain';

export type OutputFormat = 'text' | 'json';

/** Where a command writes; tests and the binary pass different sinks. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** all of standard input (`leadflow login --password-stdin`); absent where there is none */
  readStdin?: () => Promise<string>;
}

/**
 * One reason a command failed. Problems in documents carry the file and the JSON pointer; the rest (a usage
 * mistake, an API that refused or could not be reached) carry only a code and a message.
 */
export interface CliProblem {
  file?: string;
  pointer?: string;
  code: string;
  message: string;
}

/** Codes of the failures that are not problems in a document (those keep the validator's codes). */
export const CliFailureCode = {
  /** a command-line mistake: missing path, bad option (exit 2) */
  USAGE: 'USAGE_ERROR',
  /** a malformed LEADFLOW_* environment variable (exit 2) */
  CONFIG: 'INVALID_CONFIGURATION',
  /** the API answered other than 2xx, or not at all (exit 1) */
  API: 'API_ERROR',
  /** anything else that stopped the command (exit 1) */
  FAILED: 'COMMAND_FAILED',
} as const;

/** `file:pointer: message (CODE)`, the shape editors and CI annotators pick up; the root pointer shows as "/". */
export function problemLine(file: string, found: FieldProblem, severity: 'error' | 'warning'): string {
  return `${file}:${found.pointer || '/'}: ${severity === 'warning' ? 'warning: ' : ''}${found.message} (${found.code})`;
}

/** Every problem of every file, flattened with the file it is in. */
export function problemsInFiles(
  reports: readonly { file: string; problems: readonly FieldProblem[] }[],
): CliProblem[] {
  return reports.flatMap((report) =>
    report.problems.map((found) => ({
      file: report.file,
      pointer: found.pointer,
      code: found.code,
      message: found.message,
    })),
  );
}

/**
 * The one way every command reports failure. `--format json`: `{ok: false, problems: [...]}` on stdout, so a
 * script reads one JSON document whatever happened. Text: `file:pointer: message (CODE)` lines for problems
 * in files and `leadflow: message` for the rest, on `textSink` (stderr unless the problems are the command's
 * output, as for `compile`).
 */
export function reportFailure(
  io: CliIo,
  format: OutputFormat,
  problems: readonly CliProblem[],
  textSink: 'stdout' | 'stderr' = 'stderr',
): void {
  if (format === 'json') {
    printJson(io, { ok: false, problems });
    return;
  }
  for (const found of problems) {
    const line =
      found.file === undefined
        ? `leadflow: ${found.message}`
        : problemLine(
            found.file,
            { pointer: found.pointer ?? '', code: found.code, message: found.message },
            'error',
          );
    io[textSink](`${line}\n`);
  }
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
