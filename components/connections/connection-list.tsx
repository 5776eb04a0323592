"use client";

import Link from "next/link";
import { useState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { missingScopeNote } from "@/lib/realms/scope-impact";
import { DeleteDialog } from "./delete-dialog";
import { ReauthorizeDialog } from "./reauthorize-dialog";
import { RenameDialog } from "./rename-dialog";
import { EnvironmentBadge, StatusBadge } from "./status-badge";
import { TestButton, type TestShown } from "./test-button";
import type { ConnectionRowView } from "./types";

/** Realm administration through this connection (every role may read; the pages check writes). */
const ADMIN_LINKS = [
  ["Realms", "realms"],
  ["Move a user", "users/move"],
  ["Realm assignments", "assignments"],
  ["Bulk moves", "bulk"],
] as const;

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const when = (iso: string | null) => (iso ? dateTime.format(new Date(iso)) : "Never");

export function ConnectionList({ rows, canManage, reauthorizeId }: { rows: ConnectionRowView[]; canManage: boolean; reauthorizeId?: string }) {
  const [notice, setNotice] = useState<string>();
  const [tests, setTests] = useState<Record<string, TestShown>>({});
  return (
    <div>
      <FormMessage tone={notice ? "success" : "none"} message={notice} className="mb-2" />
      <ul aria-label="Connections" className="flex flex-col gap-4">
        {rows.map((row) => (
          <li key={row.id}>
            <article aria-labelledby={`conn-${row.id}-name`} className="rounded-lg border border-slate-200 bg-white p-5">
              <div className="flex flex-wrap items-center gap-2">
                <h2 id={`conn-${row.id}-name`} className="text-lg font-medium">
                  {row.nickname}
                </h2>
                <StatusBadge status={row.status} />
              </div>
              {row.statusReason ? (
                <p className="mt-1 text-sm text-slate-700" data-testid="status-reason">
                  {row.statusReason}
                </p>
              ) : null}
              <MissingScopes row={row} />
              <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
                <dt className="text-slate-500">Okta domain</dt>
                <dd className="flex items-center gap-2">
                  <span>{row.oktaDomain}</span>
                  <EnvironmentBadge environment={row.environment} />
                </dd>
                <dt className="text-slate-500">Client ID</dt>
                <dd className="font-mono text-xs leading-5">{row.clientId}</dd>
                <dt className="text-slate-500">Granted scopes</dt>
                <dd data-testid="granted-scopes">{row.grantedScopes.length > 0 ? row.grantedScopes.join(" ") : "None yet"}</dd>
                <dt className="text-slate-500">Authorized by</dt>
                <dd data-testid="principal">{row.principal ?? "Not authorized yet"}</dd>
                <dt className="text-slate-500">Last authorized</dt>
                <dd>{when(row.lastAuthorizedAt)}</dd>
                <dt className="text-slate-500">Created by</dt>
                <dd>
                  {row.createdBy ?? "A former member"} · {when(row.createdAt)}
                </dd>
              </dl>
              {row.status === "PENDING" ? null : (
                <nav aria-label={`Administer ${row.nickname}`} className="mt-4 flex flex-wrap gap-x-4 gap-y-1 text-sm">
                  {ADMIN_LINKS.map(([label, suffix]) => (
                    <Link key={suffix} href={`/connections/${row.id}/${suffix}`} className="font-medium text-brand underline-offset-2 hover:underline">
                      {label}
                    </Link>
                  ))}
                </nav>
              )}
              {canManage ? (
                <div className="mt-4 flex flex-wrap items-center gap-2">
                  <TestButton id={row.id} nickname={row.nickname} onResult={(shown) => setTests((t) => ({ ...t, [row.id]: shown }))} />
                  <ReauthorizeDialog row={row} initiallyOpen={row.id === reauthorizeId} />
                  <RenameDialog id={row.id} nickname={row.nickname} />
                  <DeleteDialog id={row.id} nickname={row.nickname} onDeleted={setNotice} />
                </div>
              ) : null}
              {canManage ? (
                <p role="status" aria-live="polite" data-testid="test-result" className={`mt-2 text-sm ${tests[row.id]?.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
                  {tests[row.id]?.text}
                </p>
              ) : null}
            </article>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A requested scope the last authorization left out, for as long as it lasts (not only in the banner after the redirect). */
function MissingScopes({ row }: { row: ConnectionRowView }) {
  const note = row.lastAuthorizedAt ? missingScopeNote(row.requestedScopes, row.grantedScopes) : null;
  if (!note) return null;
  return (
    <p className="mt-1 rounded bg-amber-50 px-2 py-1 text-sm text-amber-900" data-testid="missing-scopes">
      {note}
    </p>
  );
}
