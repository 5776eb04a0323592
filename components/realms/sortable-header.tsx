"use client";

export type SortState<K extends string> = { key: K; order: "asc" | "desc" };

/** A column header that sorts the rows already loaded; aria-sort tells assistive tech the order. */
export function SortableHeader<K extends string>({ label, column, sort, onSort }: { label: string; column: K; sort: SortState<K> | null; onSort: (next: SortState<K>) => void }) {
  const active = sort?.key === column;
  return (
    <th scope="col" aria-sort={active ? (sort.order === "asc" ? "ascending" : "descending") : "none"} className="py-2 pr-3 font-medium">
      <button type="button" className="inline-flex items-center gap-1 hover:underline" onClick={() => onSort({ key: column, order: active && sort.order === "asc" ? "desc" : "asc" })}>
        {label}
        <span aria-hidden="true" className="text-xs text-slate-400">
          {active ? (sort.order === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </button>
    </th>
  );
}

export function sortRows<T, K extends string>(rows: readonly T[], sort: SortState<K> | null, value: (row: T, key: K) => string | number | null): T[] {
  if (!sort) return [...rows];
  const dir = sort.order === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a, sort.key) ?? "";
    const y = value(b, sort.key) ?? "";
    return (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y))) * dir;
  });
}
