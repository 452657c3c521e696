import type { FieldProblem } from '@leadflow/domain';

export type OutputFormat = 'text' | 'json';

/** Where a command writes; tests and the binary pass different sinks. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** `file:pointer: message (CODE)`, the shape editors and CI annotators pick up; the root pointer shows as "/". */
export function problemLine(file: string, found: FieldProblem, severity: 'error' | 'warning'): string {
  return `${file}:${found.pointer || '/'}: ${severity === 'warning' ? 'warning: ' : ''}${found.message} (${found.code})`;
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
