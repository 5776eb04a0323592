"use client";

import Link from "next/link";
import { useEffect, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { SelectField, TextField } from "@/components/ui/field";
import type { Availability } from "@/lib/realms/catalog";
import { displayName, type UserView } from "@/lib/realms/views";
import { FailureNotice } from "./failure-notice";
import { formatTime } from "./format";
import { StreamStatus } from "./stream-status";
import { UnavailableNote } from "./unavailable-note";
import { listingUrl, useNdjsonStream } from "./use-ndjson-stream";

const PAGE_SIZE = 50;

/** List Realm Users: first 200 or all (streamed), a record limit, sorting, paging and CSV export. */
export function RealmUsers({ connectionId, realmId, availability, canMove }: { connectionId: string; realmId: string; availability: Availability; canMove: boolean }) {
  const stream = useNdjsonStream<UserView>();
  // Each new listing starts the table over at page 1, unsorted (Okta's order).
  const [listing, setListing] = useState(0);
  const [limit, setLimit] = useState("");
  const { start } = stream;
  const allowed = availability.allowed;

  useEffect(() => {
    if (allowed) void start(`/api/realms/users?${new URLSearchParams({ connectionId, realmId, resultSet: "first200" }).toString()}`);
  }, [allowed, start, connectionId, realmId]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setListing((n) => n + 1);
    void stream.start(listingUrl("/api/realms/users", { connectionId, realmId }, form, ["resultSet", "limit", "sortBy", "sortOrder"]));
  }

  const moveHref = (u: UserView) => `/connections/${encodeURIComponent(connectionId)}/users/move?userId=${encodeURIComponent(u.id)}`;
  const columns: DataTableColumn<UserView>[] = [
    { id: "id", header: "ID", accessorFn: (u) => u.id, className: "font-mono text-xs", cell: ({ row: { original: u } }) => u.id },
    { id: "login", header: "Login", accessorFn: (u) => u.login, className: "break-all", cell: ({ row: { original: u } }) => u.login },
    { id: "name", header: "Name", accessorFn: (u) => displayName(u), cell: ({ row: { original: u } }) => displayName(u) },
    { id: "status", header: "Status", accessorFn: (u) => u.status, cell: ({ row: { original: u } }) => u.status },
    { id: "created", header: "Created", accessorFn: (u) => u.created ?? "", className: "whitespace-nowrap", cell: ({ row: { original: u } }) => formatTime(u.created) },
    { id: "lastLogin", header: "Last login", accessorFn: (u) => u.lastLogin ?? "", className: "whitespace-nowrap", cell: ({ row: { original: u } }) => formatTime(u.lastLogin) },
    ...(canMove
      ? [
          {
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            enableSorting: false,
            cell: ({ row: { original: u } }) => (
              <Link href={moveHref(u)} className="text-brand underline" aria-label={`Move ${u.login} to another realm`}>
                Move
              </Link>
            ),
          } satisfies DataTableColumn<UserView>,
        ]
      : []),
  ];
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
      <StreamStatus state={stream} noun="user" onStop={stream.stop} />
      {stream.failure ? <FailureNotice failure={stream.failure} className="my-3" /> : null}
      <DataTable
        key={listing}
        label="Realm users"
        data={stream.rows}
        columns={columns}
        getRowId={(u) => u.id}
        sortable
        pageSize={PAGE_SIZE}
        state={stream.status === "streaming" ? { kind: "loading" } : { kind: "ready" }}
        empty={stream.status === "idle" ? "Not listed yet." : "No users in this realm."}
      />
    </section>
  );
}
