/** Where a JSON text stops parsing, for a person: line and column from 1, and the parser's reason. */
export interface JsonSyntaxError {
  line: number;
  column: number;
  reason: string;
}

/** Parses `text`; on failure says where (the parser gives a character offset, or none at the very end). */
export function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message)?.[1];
    const offset = position === undefined ? text.length : Math.min(Number(position), text.length);
    const lines = text.slice(0, offset).split('\n');
    return {
      ok: false,
      error: {
        line: lines.length,
        column: (lines[lines.length - 1] ?? '').length + 1,
        reason: message
          .replace(/\s*in JSON at position \d+.*$/s, '')
          .replace(/ \(line \d+ column \d+\)$/, ''),
      },
    };
  }
}

export function describeJsonError(error: JsonSyntaxError): string {
  return `line ${error.line}, column ${error.column}: ${error.reason}`;
}
