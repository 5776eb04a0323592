"use client";

import Link from "next/link";
import { useEffect, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import type { Availability } from "@/lib/realms/catalog";
import { displayName, type UserView } from "@/lib/realms/views";
import { FailureNotice } from "./failure-notice";
import { formatTime } from "./format";
import { SortableHeader, sortRows, type SortState } from "./sortable-header";
import { StreamStatus } from "./stream-status";
import { UnavailableNote } from "./unavailable-note";
import { listingUrl, useNdjsonStream } from "./use-ndjson-stream";

type Column = "id" | "login" | "name" | "status" | "created" | "lastLogin";
const PAGE_SIZE = 50;

/** List Realm Users: first 200 or all (streamed), a record limit, sorting, paging and CSV export. */
export function RealmUsers({ connectionId, realmId, availability, canMove }: { connectionId: string; realmId: string; availability: Availability; canMove: boolean }) {
  const stream = useNdjsonStream<UserView>();
  const [sort, setSort] = useState<SortState<Column> | null>(null);
  const [page, setPage] = useState(0);
  const [limit, setLimit] = useState("");
  const { start } = stream;
  const allowed = availability.allowed;

  useEffect(() => {
    if (allowed) void start(`/api/realms/users?${new URLSearchParams({ connectionId, realmId, resultSet: "first200" }).toString()}`);
  }, [allowed, start, connectionId, realmId]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSort(null);
    setPage(0);
    void stream.start(listingUrl("/api/realms/users", { connectionId, realmId }, form, ["resultSet", "limit", "sortBy", "sortOrder"]));
  }

  const rows = sortRows(stream.rows, sort, (u, key) => (key === "name" ? displayName(u) : u[key]));
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const shown = rows.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const exportHref = `/api/realms/users/export?${new URLSearchParams({ connectionId, realmId, ...(limit ? { limit } : {}) }).toString()}`;

  return (
    <section aria-labelledby="users-heading" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="users-heading" className="text-lg font-medium">
        Users in this realm
      </h2>
      <UnavailableNote id="users-unavailable" availability={availability} />
      <form onSubmit={submit} aria-label="List realm users" className="mt-3 grid gap-3 sm:grid-cols-4 sm:items-start">
        <SelectField
          id="users-result-set"
          name="resultSet"
          label="Results"
          defaultValue="first200"
          options={[
            { value: "first200", label: "First 200" },
            { value: "all", label: "All (streamed)" },
          ]}
        />
        <TextField
          id="users-limit"
          name="limit"
          label="Record limit"
          inputMode="numeric"
          value={limit}
          onChange={(e) => setLimit(e.target.value)}
          hint="Empty or 0: no limit. Up to 500000."
        />
        <SelectField
          id="users-sort"
          name="sortBy"
          label="Okta sorts by"
          defaultValue=""
          options={[
            { value: "", label: "Okta's order" },
            { value: "profile.login", label: "Login" },
            { value: "profile.lastName", label: "Last name" },
            { value: "status", label: "Status" },
            { value: "created", label: "Created" },
            { value: "lastLogin", label: "Last login" },
          ]}
        />
        <SelectField
          id="users-order"
          name="sortOrder"
          label="Order"
          options={[
            { value: "asc", label: "Ascending" },
            { value: "desc", label: "Descending" },
          ]}
        />
        <div className="flex gap-2 sm:col-span-4">
          <Button type="submit" disabled={!allowed || stream.status === "streaming"}>
            List users
          </Button>
          {allowed ? (
            <a href={exportHref} download className="inline-flex items-center rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100">
              Export CSV
            </a>
          ) : null}
        </div>
      </form>
      <StreamStatus state={stream} noun="users" onStop={stream.stop} />
      {stream.failure ? <FailureNotice failure={stream.failure} className="my-3" /> : null}
      {rows.length > 0 ? (
        <>
          <table className="mt-2 w-full text-left text-sm">
            <caption className="sr-only">Realm users</caption>
            <thead className="border-b border-slate-200 text-slate-500">
              <tr>
                <SortableHeader label="ID" column="id" sort={sort} onSort={setSort} />
                <SortableHeader label="Login" column="login" sort={sort} onSort={setSort} />
                <SortableHeader label="Name" column="name" sort={sort} onSort={setSort} />
                <SortableHeader label="Status" column="status" sort={sort} onSort={setSort} />
                <SortableHeader label="Created" column="created" sort={sort} onSort={setSort} />
                <SortableHeader label="Last login" column="lastLogin" sort={sort} onSort={setSort} />
                {canMove ? (
                  <th scope="col" className="py-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {shown.map((u) => (
                <tr key={u.id} className="border-b border-slate-100">
                  <td className="py-2 pr-3 font-mono text-xs">{u.id}</td>
                  <td className="py-2 pr-3">{u.login}</td>
                  <td className="py-2 pr-3">{displayName(u)}</td>
                  <td className="py-2 pr-3">{u.status}</td>
                  <td className="py-2 pr-3 whitespace-nowrap">{formatTime(u.created)}</td>
                  <td className="py-2 pr-3 whitespace-nowrap">{formatTime(u.lastLogin)}</td>
                  {canMove ? (
                    <td className="py-2">
                      <Link href={`/connections/${encodeURIComponent(connectionId)}/users/move?userId=${encodeURIComponent(u.id)}`} className="text-brand underline" aria-label={`Move ${u.login} to another realm`}>
                        Move
                      </Link>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
          <nav aria-label="Table pages" className="mt-2 flex items-center gap-2 text-sm">
            <Button variant="secondary" size="sm" disabled={current === 0} onClick={() => setPage(current - 1)}>
              Previous
            </Button>
            <span>
              Page {current + 1} of {pages}
            </span>
            <Button variant="secondary" size="sm" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
              Next
            </Button>
          </nav>
        </>
      ) : stream.status === "done" ? (
        <p className="mt-2 text-sm text-slate-600">No users in this realm.</p>
      ) : null}
    </section>
  );
}
