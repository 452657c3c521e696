import { parseCsv } from '@leadflow/domain';

/**
 * A dataset's CSV as one object per row, keyed by the header row's trimmed names; rows of blank cells are
 * skipped and missing trailing cells are empty strings. Read by the one CSV reader (parseCsv); throws on a
 * syntax error with its line.
 */
export function csvRecords(text: string): Record<string, string>[] {
  const parsed = parseCsv(text);
  if ('error' in parsed) throw new Error(`not valid CSV: ${parsed.error}`);
  const [header, ...body] = parsed.rows;
  if (!header) return [];
  const names = header.map((name) => name.trim());
  return body
    .filter((row) => row.some((cell) => cell.trim() !== ''))
    .map((row) => Object.fromEntries(names.map((name, index) => [name, row[index] ?? ''])));
}
