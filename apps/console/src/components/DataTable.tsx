import type { Key, ReactNode } from 'react';

/** One column of a {@link DataTable}: its header text and how a row shows in its cell. */
export interface Column<Row> {
  header: string;
  /** React's key for the column's cells; the header unless two columns share one. */
  key?: string;
  cell: (row: Row, index: number) => ReactNode;
}

/**
 * The console's read-only tables: a caption, a header row of `scope="col"` cells (what screen readers and the
 * browser tests find rows and columns by), then one row per item. Pages only say what their columns are.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  caption,
}: {
  columns: Column<Row>[];
  rows: readonly Row[];
  /** A stable key per row; the row's position when the items have no identity of their own. */
  rowKey: (row: Row, index: number) => Key;
  caption?: ReactNode;
}) {
  return (
    <table>
      {caption !== undefined && <caption>{caption}</caption>}
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.key ?? column.header} scope="col">
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={rowKey(row, index)}>
            {columns.map((column) => (
              <td key={column.key ?? column.header}>{column.cell(row, index)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
