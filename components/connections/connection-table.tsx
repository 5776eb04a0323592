"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { DataTable, type DataTableColumn, type ServerSort } from "@/components/ui/data-table";
import type { ConnectionOrder, ConnectionSort } from "@/lib/connections/list-sort";
import { RowMenu, type RowMenuItem } from "@/components/ui/row-menu";
import { useRowDialog } from "@/components/ui/use-row-dialog";
import { missingScopeNote } from "@/lib/realms/scope-impact";
import { DeleteDialog } from "./delete-dialog";
import { ReauthorizeDialog, reauthorizeVerb } from "./reauthorize-dialog";
import { RenameDialog } from "./rename-dialog";
import { EnvironmentBadge, StatusBadge } from "./status-badge";
import { sortHref, type ListView } from "./pager-model";
import type { ConnectionRowView } from "./types";
import { useConnectionTest } from "./use-connection-test";

type DialogKind = "reauthorize" | "rename" | "delete";

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const when = (iso: string | null) => (iso ? dateTime.format(new Date(iso)) : "Never");
const base = (row: ConnectionRowView) => `/connections/${encodeURIComponent(row.id)}`;

/** The columns the server can sort by; each column's id is its sort's name in the URL. */
const SORTABLE: ConnectionSort[] = ["nickname", "domain", "status", "lastAuthorized"];

/**
 * The connections as one dense table (like Okta Workflows' Connections): a row a connection, the
 * realm pages and the connection's own actions in its row menu. A scope the last authorization
 * left out is written on the row (not only in a tooltip) for as long as it is missing. With `view`
 * (the listed page's filter and order), the server sorts: headers link to the other orders.
 */
export function ConnectionTable({
  rows,
  canManage,
  reauthorizeId,
  pager,
  empty,
  view,
}: {
  rows: ConnectionRowView[];
  canManage: boolean;
  reauthorizeId?: string;
  pager?: ReactNode;
  empty?: ReactNode;
  view?: ListView & { order: ConnectionOrder };
}) {
  const focusedRow = reauthorizeId ? rows.find((r) => r.id === reauthorizeId) : undefined;
  const { dialog, openDialog, control, triggerRef } = useRowDialog<DialogKind, ConnectionRowView>((r) => r.id, focusedRow ? { kind: "reauthorize", row: focusedRow } : undefined);
  const tests = useConnectionTest();

  const menu = (row: ConnectionRowView): RowMenuItem[] => [
    ...(row.status === "PENDING"
      ? []
      : ([
          { kind: "link", label: "Realms", href: `${base(row)}/realms` },
          { kind: "link", label: "Move a user", href: `${base(row)}/users/move` },
          { kind: "link", label: "Realm assignments", href: `${base(row)}/assignments` },
          { kind: "link", label: "Bulk moves", href: `${base(row)}/bulk` },
        ] satisfies RowMenuItem[])),
    ...(canManage
      ? ([
          ...(row.status === "PENDING" ? [] : [{ kind: "separator" } as const]),
          { kind: "command", label: tests.testing === row.id ? "Testing…" : "Test", onSelect: () => tests.run(row.id, row.nickname), disabled: tests.testing === row.id },
          { kind: "command", label: reauthorizeVerb(row), onSelect: () => openDialog("reauthorize", row) },
          { kind: "command", label: "Rename", onSelect: () => openDialog("rename", row) },
          { kind: "command", label: "Delete", onSelect: () => openDialog("delete", row), danger: true },
        ] satisfies RowMenuItem[])
      : []),
  ];

  const columns: DataTableColumn<ConnectionRowView>[] = [
    {
      id: "nickname",
      header: "Nickname",
      rowHeader: true,
      className: "min-w-44",
      cell: ({ row: { original: row } }) => (
        <div>
          {row.status === "PENDING" ? (
            <span>{row.nickname}</span>
          ) : (
            <Link href={`${base(row)}/realms`} className="text-brand underline-offset-2 hover:underline">
              {row.nickname}
            </Link>
          )}
        </div>
      ),
    },
    {
      id: "domain",
      header: "Okta domain",
      cell: ({ row: { original: row } }) => (
        <div className="flex flex-col items-start gap-1">
          <span className="whitespace-nowrap">{row.oktaDomain}</span>
          <EnvironmentBadge environment={row.environment} />
        </div>
      ),
    },
    {
      id: "status",
      header: "Status",
      className: "min-w-36",
      cell: ({ row: { original: row } }) => (
        <div>
          <StatusBadge status={row.status} />
          {row.statusReason ? (
            <p className="mt-1 text-xs text-slate-700" data-testid="status-reason">
              {row.statusReason}
            </p>
          ) : null}
          {tests.shown[row.id] ? (
            <p data-testid="test-result" className={`mt-1 text-xs ${tests.shown[row.id]?.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
              {tests.shown[row.id]?.text}
            </p>
          ) : null}
        </div>
      ),
    },
    {
      id: "scopes",
      header: "Scopes",
      className: "min-w-56",
      cell: ({ row: { original: row } }) => <ScopesCell row={row} />,
    },
    { id: "principal", header: "Authorized by", cell: ({ row: { original: row } }) => <span data-testid="principal" className="break-words">{row.principal ?? "Not authorized yet"}</span> },
    { id: "lastAuthorized", header: "Last authorized", className: "whitespace-nowrap", cell: ({ row: { original: row } }) => when(row.lastAuthorizedAt) },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      className: "w-12 text-right",
      cell: ({ row: { original: row } }) => {
        const items = menu(row);
        return items.length > 0 ? (
          <RowMenu
            label={`Actions for ${row.nickname}`}
            items={items}
            triggerRef={triggerRef(row.id)}
          />
        ) : null;
      },
    },
  ];

  const serverSort: ServerSort | undefined = view && {
    column: view.order.sort,
    direction: view.order.dir,
    hrefs: Object.fromEntries(SORTABLE.map((column) => [column, sortHref(view, column)])),
  };

  return (
    <>
      <DataTable
        label="Connections"
        data={rows}
        columns={columns}
        getRowId={(r) => r.id}
        pager={pager}
        empty={empty}
        testId="connections-table"
        {...(serverSort ? { serverSort } : {})}
      />
      {dialog?.kind === "reauthorize" ? <ReauthorizeDialog key={`r${dialog.n}`} row={dialog.row} {...control} /> : null}
      {dialog?.kind === "rename" ? <RenameDialog key={`n${dialog.n}`} id={dialog.row.id} nickname={dialog.row.nickname} {...control} /> : null}
      {dialog?.kind === "delete" ? <DeleteDialog key={`d${dialog.n}`} id={dialog.row.id} nickname={dialog.row.nickname} {...control} /> : null}
    </>
  );
}

/** "9 granted" (the list one click away) and, while a requested scope is missing, what will fail. */
function ScopesCell({ row }: { row: ConnectionRowView }) {
  const missing = row.lastAuthorizedAt ? missingScopeNote(row.requestedScopes, row.grantedScopes) : null;
  return (
    <div className="text-xs">
      {row.grantedScopes.length === 0 ? (
        <span data-testid="granted-scopes">None yet</span>
      ) : (
        <details data-testid="granted-scopes">
          <summary className="cursor-pointer text-sm">{row.grantedScopes.length} granted</summary>
          <p className="mt-1 font-mono break-words">{row.grantedScopes.join(" ")}</p>
        </details>
      )}
      {missing ? (
        <p data-testid="missing-scopes" className="mt-1 rounded bg-amber-50 px-1.5 py-1 text-amber-900">
          <span aria-hidden="true">⚠ </span>
          {missing}
        </p>
      ) : null}
    </div>
  );
}
