/**
 * "not valid JSON at line 5, column 3: Expected ',' or '}' after property value": where a person looks,
 * rather than the parser's character offset (which it gives as "at position 148"). Lines and columns
 * count from 1; an input that ends too early is placed at its end.
 */
export function jsonSyntaxMessage(text: string, error: unknown): string {
  const said = error instanceof Error ? error.message : String(error);
  const reason = said.replace(/\s*in JSON at position \d+.*$/s, '');
  const position = /at position (\d+)/.exec(said)?.[1];
  const offset = position === undefined ? text.length : Math.min(Number(position), text.length);
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = (before[before.length - 1] ?? '').length + 1;
  return `not valid JSON at line ${line}, column ${column}: ${reason}`;
}
