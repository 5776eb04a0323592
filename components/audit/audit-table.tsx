"use client";

import { formatTime } from "@/components/realms/format";
import { CopyButton } from "@/components/ui/copy-button";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { AuditRow } from "@/lib/audit/search-events";

const OUTCOME_STYLE = { SUCCESS: "text-emerald-700", FAILURE: "text-amber-700", DENIED: "text-red-700" } as const;

/** "realm:guo…" → "guo…": the id an admin pastes into Okta. */
const bareId = (target: string) => target.replace(/^[a-z]+:/, "");

const columns: DataTableColumn<AuditRow>[] = [
  {
    id: "at",
    header: "Time",
    className: "whitespace-nowrap text-slate-600",
    cell: ({ row: { original: e } }) => <time dateTime={e.at}>{formatTime(e.at)}</time>,
  },
  { id: "actor", header: "Actor", className: "break-words", cell: ({ row: { original: e } }) => e.actorEmail ?? "system" },
  { id: "connection", header: "Connection", cell: ({ row: { original: e } }) => e.connectionName ?? (e.connectionId ? "(deleted)" : "—") },
  { id: "action", header: "Operation", className: "font-mono text-xs", cell: ({ row: { original: e } }) => e.action },
  {
    id: "target",
    header: "Target",
    className: "min-w-40",
    cell: ({ row: { original: e } }) =>
      e.target === null ? (
        ""
      ) : e.targetName ? (
        // The name as it was when the event was written; the id on hover and one click from the clipboard.
        <span className="inline-flex flex-wrap items-center gap-1">
          <span title={e.target} data-testid="audit-target-name">
            {e.targetName}
          </span>
          <CopyButton value={bareId(e.target)} label="Copy id" />
        </span>
      ) : (
        <span className="break-all">{e.target}</span>
      ),
  },
  {
    id: "outcome",
    header: "Outcome",
    className: "min-w-32",
    cell: ({ row: { original: e } }) => (
      <div className={`font-medium ${OUTCOME_STYLE[e.outcome]}`}>
        {e.outcome}
        {e.summary && e.outcome !== "SUCCESS" ? <div className="text-xs font-normal text-slate-600">{e.summary}</div> : null}
        {e.referenceId ? <div className="text-xs font-normal text-slate-500">Ref {e.referenceId}</div> : null}
      </div>
    ),
  },
  { id: "oktaRequestId", header: "Okta request id", className: "font-mono text-xs break-all", cell: ({ row: { original: e } }) => e.oktaRequestId ?? "—" },
];

/** Audit events: who did what through which connection, to what (by name), how it ended, and Okta's request id. */
export function AuditTable({ rows }: { rows: AuditRow[] }) {
  return <DataTable label="Audit events" data={rows} columns={columns} getRowId={(e) => e.id} empty="No events match." />;
}
