"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { SelectField, TextField } from "@/components/ui/field";
import type { RealmView } from "@/lib/realms/views";
import { FailureNotice } from "./failure-notice";
import { formatTime } from "./format";
import { StreamStatus } from "./stream-status";
import { useNdjsonStream } from "./use-ndjson-stream";

const RESULT_SETS = [
  { value: "first", label: "First match" },
  { value: "first200", label: "First 200" },
  { value: "all", label: "All (streamed)" },
];
const DEBOUNCE_MS = 300;

type Query = { name: string; sortOrder: string; resultSet: string };

/**
 * Realms, listed as soon as the page opens (Okta's first 200); typing a name narrows the list
 * (debounced), the sort and result-set choices apply at once. Streamed into the shared table,
 * whose headers sort the rows already loaded.
 */
export function RealmSearch({ connectionId }: { connectionId: string }) {
  const stream = useNdjsonStream<RealmView>();
  const { start } = stream;
  const [query, setQuery] = useState<Query>({ name: "", sortOrder: "asc", resultSet: "first200" });
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const load = useCallback(
    (q: Query) => {
      const params = new URLSearchParams({ connectionId, resultSet: q.resultSet, sortOrder: q.sortOrder });
      if (q.name.trim()) params.set("name", q.name.trim());
      void start(`/api/realms/search?${params.toString()}`);
    },
    [connectionId, start],
  );

  useEffect(() => {
    load({ name: "", sortOrder: "asc", resultSet: "first200" });
    return () => clearTimeout(timer.current);
  }, [load]);

  const change = (patch: Partial<Query>, debounce = false) => {
    const next = { ...query, ...patch };
    setQuery(next);
    clearTimeout(timer.current);
    if (debounce) timer.current = setTimeout(() => load(next), DEBOUNCE_MS);
    else load(next);
  };

  const base = `/connections/${encodeURIComponent(connectionId)}/realms`;
  const columns: DataTableColumn<RealmView>[] = [
    {
      id: "name",
      header: "Name",
      accessorFn: (r) => r.name,
      rowHeader: true,
      cell: ({ row: { original: r } }) => (
        <>
          <Link href={`${base}/${encodeURIComponent(r.id)}`} className="text-brand underline">
            {r.name}
          </Link>
          {r.isDefault ? <span className="ml-2 rounded bg-slate-200 px-1.5 text-xs font-normal">Default</span> : null}
        </>
      ),
    },
    { id: "realmType", header: "Type", accessorFn: (r) => r.realmType ?? "", cell: ({ row: { original: r } }) => r.realmType ?? "—" },
    { id: "domains", header: "Allowed domains", enableSorting: false, cell: ({ row: { original: r } }) => <span className="break-all">{r.domains.join(", ") || "—"}</span> },
    { id: "created", header: "Created", accessorFn: (r) => r.created ?? "", className: "whitespace-nowrap", cell: ({ row: { original: r } }) => formatTime(r.created) },
    { id: "lastUpdated", header: "Last updated", accessorFn: (r) => r.lastUpdated ?? "", className: "whitespace-nowrap", cell: ({ row: { original: r } }) => formatTime(r.lastUpdated) },
  ];

  return (
    <section aria-labelledby="search-heading">
      <h2 id="search-heading" className="sr-only">
        Realms
      </h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          change({}, false);
        }}
        role="search"
        aria-label="Search realms"
        className="grid gap-3 sm:grid-cols-[1fr_10rem_12rem] sm:items-start"
      >
        <TextField
          id="realm-name"
          name="name"
          label="Name contains"
          type="search"
          autoComplete="off"
          value={query.name}
          onChange={(e) => change({ name: e.target.value }, true)}
          hint="Narrows the list as you type."
        />
        <SelectField
          id="realm-sort"
          name="sortOrder"
          label="Sort by name"
          value={query.sortOrder}
          onChange={(e) => change({ sortOrder: e.target.value })}
          options={[
            { value: "asc", label: "A → Z" },
            { value: "desc", label: "Z → A" },
          ]}
        />
        <SelectField id="realm-result-set" name="resultSet" label="Results" value={query.resultSet} onChange={(e) => change({ resultSet: e.target.value })} options={RESULT_SETS} />
      </form>
      <StreamStatus state={stream} noun="realm" onStop={stream.stop} />
      {stream.failure ? <FailureNotice failure={stream.failure} className="my-3" /> : null}
      <DataTable
        label="Realms found"
        data={stream.rows}
        columns={columns}
        getRowId={(r) => r.id}
        sortable
        pageSize={50}
        state={stream.status === "streaming" ? { kind: "loading" } : { kind: "ready" }}
        empty={query.name.trim() ? `No realm name contains “${query.name.trim()}”.` : "No realms yet."}
      />
    </section>
  );
}
