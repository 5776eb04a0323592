"use client";

import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DataTable, type DataTableColumn, type DataTableState } from "@/components/ui/data-table";
import { ITEM_FILTER_NAMES, ITEM_FILTERS, ITEM_PAGE_SIZE, ITEM_STATUS_LABEL, type ItemFilter } from "@/lib/bulk/item-filter";
import type { BulkItemPage, BulkItemView } from "@/lib/bulk/service";
import type { BulkCounts, BulkItemStatus } from "@/lib/bulk/types";
import { CHANGING } from "./job-status";

/** While the worker changes the items, the page shown is re-read this often (not at every progress poll). */
const REFRESH_MS = 5000;

const STATUS_STYLE: Partial<Record<BulkItemStatus, string>> = {
  MOVED: "text-emerald-700",
  PENDING: "text-slate-900",
  BLOCKED: "text-amber-700",
  NOT_FOUND: "text-amber-700",
  FAILED: "text-red-700",
};

const columns: DataTableColumn<BulkItemView>[] = [
  { id: "entry", header: "Entry", rowHeader: true, className: "font-mono text-xs font-normal break-all min-w-40", cell: ({ row: { original: i } }) => i.input },
  {
    id: "user",
    header: "User",
    className: "min-w-48",
    cell: ({ row: { original: i } }) =>
      i.userId ? (
        <span className="inline-flex flex-wrap items-center gap-1">
          <span className="break-all" title={i.userId}>
            {i.login ?? i.email ?? i.userId}
          </span>
          <CopyButton value={i.userId} label="Copy Okta user id" />
        </span>
      ) : (
        <span className="text-slate-500">—</span>
      ),
  },
  { id: "state", header: "State", className: "whitespace-nowrap", cell: ({ row: { original: i } }) => <span className={`font-medium ${STATUS_STYLE[i.status] ?? "text-slate-600"}`}>{ITEM_STATUS_LABEL[i.status]}</span> },
  {
    id: "reason",
    header: "Reason",
    className: "min-w-56",
    cell: ({ row: { original: i } }) => (
      <>
        {i.message ?? <span className="text-slate-500">—</span>}
        {i.oktaRequestId ? <div className="text-xs text-slate-500">Okta request id {i.oktaRequestId}</div> : null}
      </>
    ),
  },
];

function filterCount(filter: ItemFilter, counts: BulkCounts): number {
  const statuses = ITEM_FILTERS[filter].statuses;
  return statuses === null ? Object.values(counts).reduce((a, b) => a + b, 0) : statuses.reduce((n, s) => n + counts[s], 0);
}

async function readPage(query: URLSearchParams, signal: AbortSignal): Promise<BulkItemPage> {
  const res = await fetch(`/api/bulk/items?${query.toString()}`, { cache: "no-store", signal });
  const body = (await res.json().catch(() => null)) as (BulkItemPage & { error?: undefined }) | { error?: { message?: string } } | null;
  if (!res.ok || !body || !("items" in body)) throw new Error(body?.error?.message ?? `The job's users could not be read (${res.status}).`);
  return body;
}

/**
 * The job's users, 50 a page from the server (keyset on their position; Previous goes back through
 * the positions already seen), filtered by state. Re-read when the job's status changes, and every
 * few seconds while the worker is changing them.
 */
export function JobItemsTable({ connectionId, jobId, status, counts }: { connectionId: string; jobId: string; status: string; counts: BulkCounts }) {
  const [filter, setFilter] = useState<ItemFilter>("all");
  // The `after` of each page shown so far: the last is the current page.
  const [cursors, setCursors] = useState<number[]>([0]);
  const [page, setPage] = useState<BulkItemPage | null>(null);
  const [state, setState] = useState<DataTableState>({ kind: "loading" });
  const headingId = useId();
  const filterId = useId();
  const after = cursors[cursors.length - 1] ?? 0;
  const changing = CHANGING.has(status);

  useEffect(() => {
    const controller = new AbortController();
    const query = new URLSearchParams({ connectionId, jobId, state: filter, after: String(after) });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      setState((s) => (s.kind === "error" ? { kind: "loading" } : s));
      try {
        const next = await readPage(query, controller.signal);
        setPage(next);
        setState({ kind: "ready" });
      } catch (error) {
        if (controller.signal.aborted) return;
        setState({ kind: "error", message: error instanceof Error ? error.message : String(error) });
      }
      if (changing && !controller.signal.aborted) timer = setTimeout(() => void load(), REFRESH_MS);
    };
    void load();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
    // `status` is listed so that each change of the job's status re-reads the page at once.
  }, [connectionId, jobId, filter, after, status, changing]);

  const items = page?.items ?? [];
  const first = items[0]?.seq;
  const pageNumber = cursors.length;
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h2 id={headingId} className="font-medium">
          Users in this job
        </h2>
        <label htmlFor={filterId} className="flex items-center gap-2 text-sm">
          State
          <select
            id={filterId}
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value as ItemFilter);
              setCursors([0]);
              setPage(null);
              setState({ kind: "loading" });
            }}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
          >
            {ITEM_FILTER_NAMES.map((name) => (
              <option key={name} value={name}>
                {ITEM_FILTERS[name].label} ({filterCount(name, counts)})
              </option>
            ))}
          </select>
        </label>
      </div>
      <DataTable
        label="Users in this job"
        data={items}
        columns={columns}
        getRowId={(i) => String(i.seq)}
        state={state}
        empty={filter === "all" ? "No users in this job yet." : `No users in the state “${ITEM_FILTERS[filter].label}”.`}
        maxHeight="32rem"
        testId="bulk-items"
        pager={
          pageNumber > 1 || page?.nextAfter != null ? (
            <nav aria-label="Users in this job pages" className="mt-2 flex flex-wrap items-center gap-3 text-sm">
              <span className="mr-auto text-slate-700">
                Page {pageNumber}
                {first !== undefined ? ` · ${ITEM_PAGE_SIZE * (pageNumber - 1) + 1}–${ITEM_PAGE_SIZE * (pageNumber - 1) + items.length}` : ""}
              </span>
              <Button size="sm" variant="secondary" disabled={pageNumber === 1} onClick={() => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c))}>
                Previous<span className="sr-only"> page</span>
              </Button>
              <Button
                size="sm"
                variant="secondary"
                disabled={page?.nextAfter == null}
                onClick={() => {
                  const next = page?.nextAfter;
                  if (next != null) setCursors((c) => [...c, next]);
                }}
              >
                Next<span className="sr-only"> page</span>
              </Button>
            </nav>
          ) : null
        }
      />
    </section>
  );
}
