"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import type { RealmView } from "@/lib/realms/views";
import { FailureNotice } from "./failure-notice";
import { formatTime } from "./format";
import { SortableHeader, sortRows, type SortState } from "./sortable-header";
import { StreamStatus } from "./stream-status";
import { listingUrl, useNdjsonStream } from "./use-ndjson-stream";

type Column = "name" | "realmType" | "created" | "lastUpdated";

const RESULT_SETS = [
  { value: "first", label: "First match" },
  { value: "first200", label: "First 200" },
  { value: "all", label: "All (streamed)" },
];

/** Search Realms: name contains, sort, first match / first 200 / all, streamed into the table. */
export function RealmSearch({ connectionId }: { connectionId: string }) {
  const stream = useNdjsonStream<RealmView>();
  const [sort, setSort] = useState<SortState<Column> | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSort(null); // Okta's order (by name when searching) until a header is clicked
    void stream.start(listingUrl("/api/realms/search", { connectionId }, form, ["name", "sortOrder", "resultSet"]));
  }

  const rows = sortRows(stream.rows, sort, (r, key) => (key === "realmType" ? r.realmType : r[key]));
  return (
    <section aria-labelledby="search-heading">
      <h2 id="search-heading" className="text-lg font-medium">
        Search realms
      </h2>
      <form onSubmit={submit} role="search" aria-label="Search realms" className="mt-3 grid gap-3 sm:grid-cols-[1fr_10rem_12rem_auto] sm:items-start">
        <TextField id="realm-name" name="name" label="Name contains" autoComplete="off" hint="Leave empty for every realm." />
        <SelectField
          id="realm-sort"
          name="sortOrder"
          label="Sort by name"
          options={[
            { value: "asc", label: "A → Z" },
            { value: "desc", label: "Z → A" },
          ]}
          hint="Okta sorts searches only."
        />
        <SelectField id="realm-result-set" name="resultSet" label="Results" defaultValue="first200" options={RESULT_SETS} />
        <Button type="submit" className="sm:mt-6" disabled={stream.status === "streaming"}>
          Search
        </Button>
      </form>
      <StreamStatus state={stream} noun="realms" onStop={stream.stop} />
      {stream.failure ? <FailureNotice failure={stream.failure} className="my-3" /> : null}
      {stream.rows.length > 0 ? (
        <table className="mt-2 w-full text-left text-sm">
          <caption className="sr-only">Realms found</caption>
          <thead className="border-b border-slate-200 text-slate-500">
            <tr>
              <SortableHeader label="Name" column="name" sort={sort} onSort={setSort} />
              <SortableHeader label="Type" column="realmType" sort={sort} onSort={setSort} />
              <th scope="col" className="py-2 pr-3 font-medium">
                Allowed domains
              </th>
              <SortableHeader label="Created" column="created" sort={sort} onSort={setSort} />
              <SortableHeader label="Last updated" column="lastUpdated" sort={sort} onSort={setSort} />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-b border-slate-100">
                <td className="py-2 pr-3">
                  <Link href={`/connections/${encodeURIComponent(connectionId)}/realms/${encodeURIComponent(r.id)}`} className="text-brand underline">
                    {r.name}
                  </Link>
                  {r.isDefault ? <span className="ml-2 rounded bg-slate-200 px-1.5 text-xs">Default</span> : null}
                </td>
                <td className="py-2 pr-3">{r.realmType ?? "—"}</td>
                <td className="py-2 pr-3">{r.domains.join(", ") || "—"}</td>
                <td className="py-2 pr-3 whitespace-nowrap">{formatTime(r.created)}</td>
                <td className="py-2 pr-3 whitespace-nowrap">{formatTime(r.lastUpdated)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
