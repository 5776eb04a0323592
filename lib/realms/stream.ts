import "server-only";
import type { OktaPage } from "@/lib/okta";
import type { RealmFailure } from "./outcome";
import type { StreamLine } from "./stream-protocol";
import { finishOperation, openSession, type AuditNote, type OpenSession, type OperationRequest } from "./run";

// Streams a listing to the browser as NDJSON, one line per Okta page as it arrives, so "all"
// fills the table progressively. The browser stops it by aborting the request: the Okta request in
// flight is aborted and no further page is fetched. One audit line per listing, at its end.

export type { StreamLine } from "./stream-protocol";

const STATUS_OF: Partial<Record<RealmFailure["code"], number>> = {
  insufficient_scope: 403,
  forbidden: 403,
  connection_not_found: 404,
  not_found: 404,
  connection_not_ready: 409,
  unauthorized: 409,
  validation: 400,
  invalid_search: 400,
  rate_limited: 429,
};

export const NDJSON_HEADERS = {
  "Content-Type": "application/x-ndjson; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  // Proxies (and compression) must pass each page on as it comes.
  "X-Accel-Buffering": "no",
} as const;

const encoder = new TextEncoder();
const line = (value: unknown) => encoder.encode(`${JSON.stringify(value)}\n`);

/** A failure before anything was streamed: one error line, with a status that says what kind. */
export function failureResponse(failure: RealmFailure, headers: HeadersInit = NDJSON_HEADERS): Response {
  return new Response(`${JSON.stringify({ type: "error", failure, total: 0 })}\n`, { status: STATUS_OF[failure.code] ?? 502, headers });
}

export type PagedSource<T> = (session: OpenSession, stop: AbortSignal) => AsyncGenerator<OktaPage<T>, void, undefined>;

/** Generic streaming of pages with an encoder per page (NDJSON for the table, CSV for the export). */
export async function streamOperation<T>(
  req: OperationRequest,
  options: {
    source: PagedSource<T>;
    /** The browser went away or pressed Stop. */
    signal: AbortSignal;
    headers: HeadersInit;
    begin?: () => Uint8Array | undefined;
    page: (items: T[], total: number) => Uint8Array;
    end: (summary: { total: number; truncated: boolean; stopped: boolean }) => Uint8Array | undefined;
    error: (failure: RealmFailure, total: number) => Uint8Array | undefined;
  },
): Promise<Response> {
  const opened = await openSession(req);
  if (!opened.ok) return failureResponse(opened.failure, options.headers);
  const session = opened.value;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal.addEventListener("abort", onAbort, { once: true });
  const pages = options.source(session, stop.signal);
  let total = 0;
  let pageCount = 0;
  let truncated = false;
  let finished = false;
  const note = (): AuditNote => ({ details: { records: total, pages: pageCount, truncated, stopped: stop.signal.aborted } });
  const finish = async (result: { ok: true } | { ok: false; error: unknown }) => {
    if (finished) return undefined;
    finished = true;
    options.signal.removeEventListener("abort", onAbort);
    const outcome = await finishOperation(req, session, result.ok ? { ok: true, value: null } : result, note());
    return outcome.ok ? undefined : outcome.failure;
  };

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const first = options.begin?.();
      if (first) controller.enqueue(first);
    },
    async pull(controller) {
      try {
        const next = await pages.next();
        if (next.done || stop.signal.aborted) {
          await finish({ ok: true });
          const last = options.end({ total, truncated, stopped: stop.signal.aborted });
          if (!stop.signal.aborted) {
            if (last) controller.enqueue(last);
            controller.close();
          }
          return;
        }
        total += next.value.items.length;
        pageCount += 1;
        truncated = next.value.hasMore;
        controller.enqueue(options.page(next.value.items, total));
      } catch (error) {
        const failure = await finish({ ok: false, error });
        const last = failure ? options.error(failure, total) : undefined;
        if (last) controller.enqueue(last);
        controller.close();
      }
    },
    async cancel() {
      stop.abort();
      await finish({ ok: true });
    },
  });
  return new Response(stream, { status: 200, headers: options.headers });
}

/** NDJSON stream of mapped items (see StreamLine). */
export function streamNdjson<T, V>(req: OperationRequest, source: PagedSource<T>, map: (item: T) => V, signal: AbortSignal): Promise<Response> {
  return streamOperation(req, {
    source,
    signal,
    headers: NDJSON_HEADERS,
    page: (items, total) => line({ type: "page", items: items.map(map), total } satisfies StreamLine<V>),
    end: (summary) => line({ type: "done", ...summary } satisfies StreamLine<V>),
    error: (failure, total) => line({ type: "error", failure, total } satisfies StreamLine<V>),
  });
}
