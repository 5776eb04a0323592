import Link from "next/link";

/** A plain GET form: the filter lives in the URL (bookmarkable), and a new filter starts at page 1. */
export function ConnectionFilter({ q }: { q?: string | undefined }) {
  return (
    <form method="get" action="/connections" role="search" aria-label="Filter connections" className="mb-2 flex flex-wrap items-end gap-2">
      <div className="flex flex-col gap-1">
        <label htmlFor="connection-filter" className="text-sm font-medium text-slate-800">
          Nickname or Okta domain contains
        </label>
        <input
          id="connection-filter"
          name="q"
          type="search"
          defaultValue={q ?? ""}
          maxLength={200}
          autoComplete="off"
          className="w-72 rounded-md border border-slate-300 px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-brand"
        />
      </div>
      <button type="submit" className="rounded-md bg-brand px-4 py-2 text-sm font-medium text-white hover:bg-brand-dark">
        Filter
      </button>
      {q ? (
        <Link href="/connections" className="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-100">
          Clear
        </Link>
      ) : null}
    </form>
  );
}
