"use client";

import { formatTime } from "@/components/realms/format";
import { Button } from "@/components/ui/button";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { BulkJobStatus } from "@/lib/bulk/types";
import { JOB_STATUS_LABEL } from "./job-status";

export type RecentJob = { id: string; status: string; targetRealmName: string; total: number; createdAt: string; selectionSummary: string };

const statusLabel = (status: string) => JOB_STATUS_LABEL[status as BulkJobStatus] ?? status;

/** The connection's latest jobs (the server's list), sortable here; Open shows one in the job panel. */
export function RecentJobsTable({ jobs, openJobId, onOpen }: { jobs: RecentJob[]; openJobId: string | null; onOpen: (jobId: string) => void }) {
  const columns: DataTableColumn<RecentJob>[] = [
    { id: "created", accessorKey: "createdAt", header: "Created", className: "whitespace-nowrap text-slate-600", cell: ({ row: { original: j } }) => <time dateTime={j.createdAt}>{formatTime(j.createdAt)}</time> },
    {
      id: "job",
      accessorFn: (j) => `${j.selectionSummary} → ${j.targetRealmName}`,
      header: "Selection → target realm",
      rowHeader: true,
      className: "min-w-48 font-normal break-words",
      cell: ({ row: { original: j } }) => (
        <>
          {j.selectionSummary} → <span className="font-medium">{j.targetRealmName}</span>
        </>
      ),
    },
    { id: "users", accessorKey: "total", header: "Users", className: "text-right tabular-nums", cell: ({ row: { original: j } }) => j.total.toLocaleString("en-US") },
    { id: "status", accessorFn: (j) => statusLabel(j.status), header: "Status", className: "whitespace-nowrap", cell: ({ row: { original: j } }) => statusLabel(j.status) },
    {
      id: "open",
      header: () => <span className="sr-only">Open</span>,
      enableSorting: false,
      cell: ({ row: { original: j } }) =>
        j.id === openJobId ? (
          <span className="text-xs text-slate-600">Shown above</span>
        ) : (
          // relative: the visually hidden part is positioned against the button, not the page (it
          // would otherwise widen the page at 390 px from where the table scrolls it).
          <Button size="sm" variant="secondary" className="relative" onClick={() => onOpen(j.id)}>
            Open<span className="sr-only"> the job of {formatTime(j.createdAt)} to {j.targetRealmName}</span>
          </Button>
        ),
    },
  ];
  return (
    <section aria-labelledby="recent-jobs-heading" className="space-y-2">
      <h2 id="recent-jobs-heading" className="font-medium">
        Recent jobs
      </h2>
      <DataTable
        label="Recent jobs"
        data={jobs}
        columns={columns}
        getRowId={(j) => j.id}
        sortable
        rowClassName={(j) => (j.id === openJobId ? "bg-slate-50" : undefined)}
        testId="bulk-recent-jobs"
      />
    </section>
  );
}
