import { Group, Pagination, Table, Text, UnstyledButton } from '@mantine/core';
import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type SortingState,
  useReactTable,
} from '@tanstack/react-table';
import type { Key, ReactNode } from 'react';

/** One column: its header, how a row shows in its cell, and the API's `ordering` field when it sorts. */
export interface Column<Row> {
  header: string;
  /** the column's id; the header unless two columns share one */
  key?: string;
  cell: (row: Row, index: number) => ReactNode;
  /** the list endpoint's ordering field ("score" sends `ordering=score` / `-score`) */
  sortField?: string;
}

/** Server-side pages: the page shown, how many rows there are in all, and how many per page. */
export interface ServerPages {
  page: number;
  count: number;
  pageSize: number;
  onPage: (page: number) => void;
}

/** Server-side ordering: the API's `ordering` value ("-score") and where a header click sends a new one. */
export interface ServerOrdering {
  ordering: string;
  onOrdering: (ordering: string) => void;
}

const sortingOf = (ordering: string): SortingState =>
  ordering ? [{ id: ordering.replace(/^-/, ''), desc: ordering.startsWith('-') }] : [];

/**
 * The console's tables: TanStack Table's model drawn with Mantine's table. Sorting and pages are the API's
 * (manual): a header click or a page change asks the list endpoint again, it never re-sorts one page in place.
 * Header cells are `scope="col"` column headers, which screen readers and the browser tests find cells by.
 */
export function ApiTable<Row>({
  columns,
  rows,
  rowKey,
  caption,
  ordering,
  pages,
}: {
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => Key;
  caption?: ReactNode;
  ordering?: ServerOrdering;
  pages?: ServerPages;
}) {
  const definitions: ColumnDef<Row>[] = columns.map((column) => ({
    id: column.sortField ?? column.key ?? column.header,
    header: column.header,
    enableSorting: ordering !== undefined && column.sortField !== undefined,
    cell: (context) => column.cell(context.row.original, context.row.index),
  }));
  const table = useReactTable({
    data: rows as Row[],
    columns: definitions,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    state: { sorting: sortingOf(ordering?.ordering ?? '') },
    getRowId: (row, index) => String(rowKey(row, index)),
  });
  const pageCount = pages ? Math.max(1, Math.ceil(pages.count / pages.pageSize)) : 1;
  return (
    <>
      <Table striped highlightOnHover withTableBorder verticalSpacing={6} captionSide="top">
        {caption !== undefined && <Table.Caption>{caption}</Table.Caption>}
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const label = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <Table.Th
                    key={header.id}
                    scope="col"
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  >
                    {/* not getCanSort(): TanStack only lets columns with an accessor sort, and these render cells */}
                    {header.column.columnDef.enableSorting && ordering ? (
                      <UnstyledButton
                        fw={700}
                        fz="sm"
                        onClick={() => {
                          // first click sorts descending (highest score, newest first), the next ascending
                          ordering.onOrdering(sorted === 'desc' ? header.column.id : `-${header.column.id}`);
                        }}
                      >
                        {label} {sorted === 'desc' ? '↓' : sorted === 'asc' ? '↑' : '↕'}
                      </UnstyledButton>
                    ) : (
                      label
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => (
            <Table.Tr key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <Table.Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {pages && pageCount > 1 && (
        <Group justify="space-between" mt="sm" component="nav" aria-label="Pages">
          <Text size="sm">
            Page {pages.page} of {pageCount}
          </Text>
          <Pagination
            total={pageCount}
            value={pages.page}
            onChange={pages.onPage}
            getControlProps={(control) =>
              control === 'previous'
                ? { 'aria-label': 'Previous page' }
                : control === 'next'
                  ? { 'aria-label': 'Next page' }
                  : {}
            }
          />
        </Group>
      )}
    </>
  );
}
