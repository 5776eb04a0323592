"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { DEFAULT_CONNECTION_ORDER, orderParams, type ConnectionOrder } from "@/lib/connections/list-sort";
import { STATUS_LABELS } from "./status-badge";
import { connectionsHref } from "./pager-model";

const DEBOUNCE_MS = 300;
const control = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-brand";

/**
 * Filters as you type (debounced) and by status; both live in the URL (bookmarkable, Back works)
 * beside the order, which filtering keeps; a new filter starts at page 1. Still a GET form, so
 * Enter works before the script loads.
 */
export function ConnectionFilter({ q, status, order = DEFAULT_CONNECTION_ORDER }: { q?: string | undefined; status?: string | undefined; order?: ConnectionOrder }) {
  const router = useRouter();
  const pathname = usePathname();
  const [text, setText] = useState(q ?? "");
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const go = (next: { q?: string; status?: string }) => {
    clearTimeout(timer.current);
    startTransition(() => router.replace(connectionsHref({ q: next.q?.trim() || undefined, status: next.status || undefined, order }), { scroll: false }));
  };
  const sorted = orderParams(order);

  return (
    <form
      method="get"
      action={pathname}
      role="search"
      aria-label="Filter connections"
      className="mb-3 flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        go({ q: text, status });
      }}
    >
      {sorted.sort ? <input type="hidden" name="sort" value={sorted.sort} /> : null}
      {sorted.dir ? <input type="hidden" name="dir" value={sorted.dir} /> : null}
      <div className="flex w-full flex-col gap-1 sm:w-80">
        <label htmlFor="connection-filter" className="text-sm font-medium text-slate-800">
          Nickname or Okta domain contains
        </label>
        <input
          id="connection-filter"
          name="q"
          type="search"
          value={text}
          onChange={(e) => {
            const value = e.target.value;
            setText(value);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => go({ q: value, status }), DEBOUNCE_MS);
          }}
          maxLength={200}
          autoComplete="off"
          className={control}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="connection-status" className="text-sm font-medium text-slate-800">
          Status
        </label>
        <select id="connection-status" name="status" value={status ?? ""} onChange={(e) => go({ q: text, status: e.target.value })} className={control}>
          <option value="">Any status</option>
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {q || status ? (
        <Link href={connectionsHref({ order })} onClick={() => setText("")} className="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-100">
          Clear
        </Link>
      ) : null}
      {sorted.sort ? (
        <Link href={connectionsHref({ q, status })} className="pb-2 text-sm font-medium text-brand underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand">
          Sort newest first
        </Link>
      ) : null}
      <span role="status" className="pb-2 text-xs text-slate-600">
        {pending ? "Filtering…" : ""}
      </span>
    </form>
  );
}
