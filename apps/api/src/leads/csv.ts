/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes (a doubled quote is a quote, and a
 * quoted field may hold commas and line breaks), CRLF or LF line ends, an optional BOM. Returns the rows as
 * arrays of cells, or the line of the first syntax error.
 */
export function parseCsv(text: string): { rows: string[][] } | { error: string } {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  for (; i < text.length; i++) {
    const char = text.charAt(i);
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          return { error: `line ${line}: a closing quote must end its field` };
        }
      } else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"') {
      if (cell !== '') return { error: `line ${line}: a quote may only open a field` };
      quoted = true;
    } else if (char === ',') {
      endCell();
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
    } else {
      cell += char;
    }
  }
  if (quoted) return { error: `line ${line}: a quoted field is not closed` };
  if (cell !== '' || row.length > 0) endRow();
  return { rows };
}
