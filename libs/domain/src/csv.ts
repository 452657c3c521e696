import { parse } from 'csv-parse/sync';

/** csv-parse's syntax errors, by code, in the words an import reports them. */
const PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed',
  INVALID_OPENING_QUOTE: 'a quote may only open a field',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote must end its field',
};

/**
 * RFC 4180 CSV, read by csv-parse: the one CSV reader, for lead imports and the enrichment dataset.
 * Comma-separated, fields optionally in double quotes (a doubled quote is a quote, and a quoted field may hold
 * commas and line breaks), CRLF, LF or CR line ends (mixed too), an optional BOM; blank lines are skipped and
 * rows may have fewer cells than the header. Returns the rows as arrays of cells, or the line of the first
 * syntax error.
 */
export function parseCsv(text: string): { rows: string[][] } | { error: string } {
  try {
    const rows = parse(text, {
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
    });
    return { rows };
  } catch (error) {
    const { code, lines, message } = error as { code?: string; lines?: number; message?: string };
    return { error: `line ${lines ?? 1}: ${PROBLEMS[code ?? ''] ?? message ?? 'not CSV'}` };
  }
}
