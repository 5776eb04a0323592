// What the connections pager says and links to, from a page of results. Pure (unit-tested), so the
// wording and the links that keep the filter are decided in one place.

export type PagerInput = { total: number; offset: number; shown: number; next?: string | undefined; previous?: string | undefined; q?: string | undefined; status?: string | undefined };
export type PagerModel = { summary: string; nextHref?: string; previousHref?: string };

const count = new Intl.NumberFormat("en-US");

export function connectionsHref(params: { q?: string | undefined; status?: string | undefined; after?: string | undefined; before?: string | undefined }): string {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
  return search.size > 0 ? `/connections?${search.toString()}` : "/connections";
}

/** "Showing 51–100 of 1,000" (an en dash), "… matching “acme”" when filtered, and Next/Previous hrefs. */
export function pagerModel({ total, offset, shown, next, previous, q, status }: PagerInput): PagerModel {
  const matching = q ? ` matching “${q}”` : "";
  const summary =
    shown === 0 ? `No connections${matching}` : `Showing ${count.format(offset + 1)}–${count.format(offset + shown)} of ${count.format(total)}${matching ? ` connection${total === 1 ? "" : "s"}${matching}` : ""}`;
  return {
    summary,
    ...(next ? { nextHref: connectionsHref({ q, status, after: next }) } : {}),
    ...(previous ? { previousHref: connectionsHref({ q, status, before: previous }) } : {}),
  };
}
