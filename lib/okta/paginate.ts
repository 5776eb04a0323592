// Cursor paging the only way Okta supports it: request the first page, then follow Link rel="next"
// verbatim until there is none. Exposed as async iterators so a screen can show "first 200" or
// stream "all" with a record limit, and stop (break, or the stop signal) without fetching more.
import type { z } from "zod";
import { OktaUpstreamError } from "./errors";
import { nextLink } from "./link-header";
import type { OktaOperation } from "./operations";
import { parseJsonResponse } from "./parse-response";
import type { Transport } from "./transport";

export type OktaPage<T> = {
  items: T[];
  /** Okta's request id for this page. */
  oktaRequestId: string | undefined;
  /** More records exist beyond this page (a next link, or items cut by maxRecords). */
  hasMore: boolean;
};

export type ListOptions = {
  /** Stop after this many records (≥ 1). Unset: all of them. */
  maxRecords?: number;
  /**
   * Stops the listing: the request in flight is aborted and iteration ends quietly (no error), so a
   * stream the admin cancelled just ends.
   */
  stop?: AbortSignal;
};

export type OktaList<T> = AsyncIterable<T> & {
  pages(options?: ListOptions): AsyncGenerator<OktaPage<T>, void, undefined>;
  items(options?: ListOptions): AsyncGenerator<T, void, undefined>;
  /** Everything (up to maxRecords) in memory; `truncated` says whether more existed. */
  collect(options?: ListOptions): Promise<{ items: T[]; truncated: boolean }>;
};

export function createList<S extends z.ZodType>(
  transport: Transport,
  operation: OktaOperation,
  firstUrl: string,
  itemSchema: S,
): OktaList<z.output<S>> {
  type T = z.output<S>;

  async function* pages(options: ListOptions = {}): AsyncGenerator<OktaPage<T>, void, undefined> {
    const { maxRecords, stop } = options;
    if (maxRecords !== undefined && !(Number.isInteger(maxRecords) && maxRecords >= 1)) {
      throw new RangeError("maxRecords must be a whole number of at least 1 (leave it unset for all records)");
    }
    const seen = new Set<string>();
    let url: string | undefined = firstUrl;
    let remaining = maxRecords ?? Number.POSITIVE_INFINITY;
    while (url !== undefined && !stop?.aborted) {
      if (seen.has(url)) {
        // A cursor that repeats would loop forever; it's Okta misbehaving, not the admin.
        throw new OktaUpstreamError("unexpected_response", { operation });
      }
      seen.add(url);
      let response;
      try {
        response = await transport.send({ operation, url, signal: stop });
      } catch (error) {
        if (stop?.aborted) return;
        throw error;
      }
      const items: T[] = parseJsonResponse(response, itemSchema.array(), operation);
      const next = nextLink(response.headers, response.url);
      const kept = items.length > remaining ? items.slice(0, remaining) : items;
      remaining -= kept.length;
      const cut = kept.length < items.length;
      const hasMore = cut || next !== undefined;
      yield { items: kept, oktaRequestId: response.oktaRequestId, hasMore };
      if (remaining <= 0) return;
      url = next;
    }
  }

  async function* items(options: ListOptions = {}): AsyncGenerator<T, void, undefined> {
    for await (const page of pages(options)) yield* page.items;
  }

  async function collect(options: ListOptions = {}): Promise<{ items: T[]; truncated: boolean }> {
    const all: T[] = [];
    let truncated = false;
    for await (const page of pages(options)) {
      all.push(...page.items);
      truncated = page.hasMore;
    }
    return { items: all, truncated };
  }

  return { pages, items, collect, [Symbol.asyncIterator]: () => items() };
}
