import type { IncomingHttpHeaders } from "node:http";
import type { AccessTokenInfo } from "../org/contract";
import type { OrgStore } from "../org/store";
import { parseJsonObject } from "../http/body";
import { OktaError } from "../http/okta-error";

/** Who is calling: the org's SSWS API token (all scopes) or an OAuth access token. */
export type Principal = { kind: "ssws"; userId: string } | { kind: "bearer"; token: AccessTokenInfo };

export interface ApiContext {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  params: Record<string, string>;
  orgUrl: string;
  store: OrgStore;
  principal: Principal;
}

export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** e.g. "/api/v1/realms/:realmId" */
  pattern: string;
  operationId: string;
  /** The one OAuth scope the spec's `security` block names for this operation. */
  scope: string;
  handle(ctx: ApiContext): ApiResult;
}

export const jsonBody = (ctx: ApiContext): Record<string, unknown> =>
  parseJsonObject(ctx.headers["content-type"], ctx.rawBody);

/** Paging `limit`: non-integers are a type mismatch, values above the maximum are capped (as Okta does). */
export function limitParam(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get("limit");
  if (raw === null || raw === "") return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new OktaError("E0000037", undefined, [`limit: '${raw}' is not an integer`]);
  const n = Number(raw);
  if (n < 1) throw new OktaError("E0000001", "limit", ["limit: must be greater than or equal to 1"]);
  return Math.min(n, max);
}

/** Boolean query parameters accept true/false (any case); anything else is a type mismatch. */
export function boolParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  const v = raw.toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  throw new OktaError("E0000037", undefined, [`${name}: '${raw}' is not a boolean`]);
}

/** Takes up to `limit` items; `nextAfter` is the cursor for the following page (null on the last). */
export function takePage<T>(items: Iterable<T>, limit: number, cursorOf: (item: T) => string): { page: T[]; nextAfter: string | null } {
  const page: T[] = [];
  for (const item of items) {
    if (page.length === limit) {
      const last = page[page.length - 1];
      return { page, nextAfter: last === undefined ? null : cursorOf(last) };
    }
    page.push(item);
  }
  return { page, nextAfter: null };
}

/** Opaque offset cursors for sorted searches (the order is not creation order there). */
export const offsetCursor = {
  encode: (offset: number) => Buffer.from(`o:${offset}`).toString("base64url"),
  decode(cursor: string): number {
    const m = /^o:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!m) throw new OktaError("E0000029");
    return Number(m[1]);
  },
};

export function sortItems<T>(items: T[], read: (t: T) => unknown, order: string | null): T[] {
  const dir = order?.toLowerCase() === "desc" ? -1 : 1;
  const key = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "string" ? v.toLowerCase() : v);
  return items.sort((a, b) => {
    const x = key(read(a));
    const y = key(read(b));
    return (x < y ? -1 : x > y ? 1 : 0) * dir;
  });
}
