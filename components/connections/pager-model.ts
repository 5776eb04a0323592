// What the connections pager and sortable headers say and link to, from a page of results. Pure
// (unit-tested), so the wording and the links that keep the filter and the order are decided in
// one place.
import { firstDirection, orderParams, type ConnectionOrder, type ConnectionSort } from "@/lib/connections/list-sort";

/** What the list shows: the filter and the order (the default order stays out of the URL). */
export type ListView = { q?: string | undefined; status?: string | undefined; order?: ConnectionOrder | undefined };

export type PagerInput = ListView & { total: number; offset: number; shown: number; next?: string | undefined; previous?: string | undefined };
export type PagerModel = { summary: string; nextHref?: string; previousHref?: string };

const count = new Intl.NumberFormat("en-US");

export function connectionsHref({ q, status, order, after, before }: ListView & { after?: string | undefined; before?: string | undefined }): string {
  const params = { q, status, ...(order ? orderParams(order) : {}), after, before };
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
  return search.size > 0 ? `/connections?${search.toString()}` : "/connections";
}

/**
 * The header link for a column: the sorted column flips its direction, another column starts in
 * its own first direction; either way from page 1, keeping the filter.
 */
export function sortHref(view: ListView & { order: ConnectionOrder }, column: ConnectionSort): string {
  const dir = view.order.sort === column ? (view.order.dir === "asc" ? "desc" : "asc") : firstDirection(column);
  return connectionsHref({ q: view.q, status: view.status, order: { sort: column, dir } });
}

/** "Showing 51–100 of 1,000" (an en dash), "… matching “acme”" when filtered, and Next/Previous hrefs that keep filter and order. */
export function pagerModel({ total, offset, shown, next, previous, q, status, order }: PagerInput): PagerModel {
  const matching = q ? ` matching “${q}”` : "";
  const summary =
    shown === 0 ? `No connections${matching}` : `Showing ${count.format(offset + 1)}–${count.format(offset + shown)} of ${count.format(total)}${matching ? ` connection${total === 1 ? "" : "s"}${matching}` : ""}`;
  return {
    summary,
    ...(next ? { nextHref: connectionsHref({ q, status, order, after: next }) } : {}),
    ...(previous ? { previousHref: connectionsHref({ q, status, order, before: previous }) } : {}),
  };
}
