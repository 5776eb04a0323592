"use client";

import Link from "next/link";
import { getCoreRowModel, getPaginationRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { useState, type ReactNode } from "react";
import { cn } from "./cn";

// The one table every list uses (TanStack Table for the model, our own markup and Tailwind for the
// look): sticky header, sortable headers where the column allows it (aria-sort), loading / empty /
// error states, and either client-side pages (`pageSize`) or a server pager passed in as `pager`
// (keyset lists page on the server: the table never sorts or slices those rows itself; their
// headers are links to the order the server should sort by, `serverSort`).

export type DataTableColumn<T> = ColumnDef<T> & {
  /** Render this column's cells as row headers (<th scope="row">): a row is then named by it. */
  rowHeader?: boolean;
  /** Tailwind classes for the column's cells and header (widths, alignment, hiding on small screens). */
  className?: string;
};

/**
 * Rows the server sorted (and pages): the sorted column and which way, and for each column the
 * server can sort by, the URL of that order. Those headers are links (a new URL, page 1); the
 * table never re-sorts the rows.
 */
export type ServerSort = { column: string; direction: "asc" | "desc"; hrefs: Partial<Record<string, string>> };

export type DataTableState = { kind: "ready" } | { kind: "loading" } | { kind: "error"; message: ReactNode };

type Props<T> = {
  /** The table's accessible name (its caption, visually hidden unless `showCaption`). */
  label: string;
  data: T[];
  columns: DataTableColumn<T>[];
  getRowId: (row: T) => string;
  state?: DataTableState;
  empty?: ReactNode;
  /** Client-side paging of `data`; leave out when the server pages (then pass `pager`). */
  pageSize?: number;
  /** Sort the rows in the browser by clicking headers (columns opt out with enableSorting: false). */
  sortable?: boolean;
  /** Sorted by the server: headers link to the server's orders (leave `sortable` off). */
  serverSort?: ServerSort;
  pager?: ReactNode;
  /** Extra classes for a row (e.g. a highlighted one). */
  rowClassName?: (row: T) => string | undefined;
  maxHeight?: string;
  testId?: string;
};

const cell = "px-3 py-2 align-top";

/**
 * A header or cell renderer called as a plain function, not mounted as a component (TanStack's
 * flexRender does that): columns are often rebuilt on every render, and a new component type
 * would remount the cell, dropping focus from the row menu button and any open menu.
 * Renderers therefore must not call hooks; put stateful parts in their own components.
 */
function renderSlot<C>(slot: unknown, context: C): ReactNode {
  return typeof slot === "function" ? (slot as (c: C) => ReactNode)(context) : (slot as ReactNode);
}

export function DataTable<T>({ label, data, columns, getRowId, state = { kind: "ready" }, empty, pageSize, sortable = false, serverSort, pager, rowClassName, maxHeight, testId }: Props<T>) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [pagination, setPagination] = useState({ pageIndex: 0, pageSize: pageSize ?? 1_000_000 });
  // TanStack returns functions from a hook; the React Compiler lint rule flags that by design.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data,
    columns,
    getRowId,
    state: { sorting, pagination },
    onSortingChange: setSorting,
    onPaginationChange: setPagination,
    enableSorting: sortable && !serverSort,
    getCoreRowModel: getCoreRowModel(),
    ...(sortable ? { getSortedRowModel: getSortedRowModel() } : {}),
    ...(pageSize ? { getPaginationRowModel: getPaginationRowModel() } : {}),
    autoResetPageIndex: false,
  });
  const rows = table.getRowModel().rows;
  const pageCount = pageSize ? table.getPageCount() : 1;
  const colSpan = columns.length;

  return (
    // inline-size containment: the table's width never widens the page (or a flex/grid parent);
    // wide tables scroll inside their own box instead, also at 390 px.
    <div data-testid={testId} className="w-full [contain:inline-size]">
      {/* relative: a cell's visually hidden text is placed against this scroll box, never widening the page */}
      <div className="relative overflow-auto rounded-lg border border-slate-200 bg-white" style={maxHeight ? { maxHeight } : undefined} tabIndex={-1}>
        <table className="w-full border-collapse text-left text-sm" aria-busy={state.kind === "loading" || undefined}>
          <caption className="sr-only">{label}</caption>
          <thead className="sticky top-0 z-10 bg-slate-100 text-xs tracking-wide text-slate-600 uppercase">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const def = header.column.columnDef as DataTableColumn<T>;
                  const sortHref = serverSort?.hrefs[header.column.id];
                  const sorted = serverSort ? serverSort.column === header.column.id && sortHref !== undefined && serverSort.direction : header.column.getIsSorted();
                  const canSort = header.column.getCanSort();
                  const title = header.isPlaceholder ? null : renderSlot(def.header, header.getContext());
                  const arrow = (
                    <span aria-hidden="true" className="text-slate-500">
                      {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                    </span>
                  );
                  const ariaSort = sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      // Only the sorted column says so (one at a time, as ARIA asks); the arrow shows the rest can sort.
                      aria-sort={ariaSort}
                      className={cn(cell, "border-b border-slate-200 font-semibold whitespace-nowrap", def.className)}
                    >
                      {sortHref !== undefined ? (
                        <Link href={sortHref} scroll={false} className={sortControl}>
                          {title}
                          {arrow}
                        </Link>
                      ) : canSort ? (
                        <button type="button" onClick={header.column.getToggleSortingHandler()} className={sortControl}>
                          {title}
                          {arrow}
                        </button>
                      ) : (
                        title
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {state.kind === "loading" && rows.length === 0 ? (
              <tr>
                <td colSpan={colSpan} className={cn(cell, "py-6 text-center text-slate-600")} role="status">
                  Loading…
                </td>
              </tr>
            ) : state.kind === "error" ? (
              <tr>
                <td colSpan={colSpan} className={cn(cell, "py-6 text-red-700")} role="alert">
                  {state.message}
                </td>
              </tr>
            ) : rows.length === 0 ? (
              <tr>
                <td colSpan={colSpan} className={cn(cell, "py-6 text-center text-slate-600")}>
                  {empty ?? "Nothing to show."}
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.id} data-row-id={row.id} className={cn("border-b border-slate-100 last:border-0 hover:bg-slate-50", rowClassName?.(row.original))}>
                  {row.getVisibleCells().map((c) => {
                    const def = c.column.columnDef as DataTableColumn<T>;
                    const content = renderSlot(def.cell, c.getContext());
                    return def.rowHeader ? (
                      <th key={c.id} scope="row" className={cn(cell, "font-medium", def.className)}>
                        {content}
                      </th>
                    ) : (
                      <td key={c.id} className={cn(cell, def.className)}>
                        {content}
                      </td>
                    );
                  })}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {pageSize && pageCount > 1 ? (
        <nav aria-label={`${label} pages`} className="mt-2 flex items-center gap-3 text-sm">
          <span className="mr-auto text-slate-700">
            Page {table.getState().pagination.pageIndex + 1} of {pageCount}
          </span>
          <button type="button" className={pagerButton} onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
            Previous<span className="sr-only"> page</span>
          </button>
          <button type="button" className={pagerButton} onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
            Next<span className="sr-only"> page</span>
          </button>
        </nav>
      ) : null}
      {pager}
    </div>
  );
}

const sortControl = "inline-flex items-center gap-1 uppercase hover:underline focus-visible:outline-2 focus-visible:outline-brand";
const pagerButton = "rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-900 hover:bg-slate-100 disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-brand";
