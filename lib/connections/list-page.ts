// The connections page's query: an optional filter on nickname/Okta domain and status, sorted by
// a column the user picks (./list-order.ts: which index serves each order), keyset-paged both ways.
// A page reads only its own rows, however many connections the team has (no query returns more
// than a page); two cheap counts give "Showing 26–50 of 1,000". Never reads an encrypted column
// (see `summarySelect`).
import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ConnectionDeps, ConnectionSummary } from "./types";
import { decodeSortedCursor, encodeSortedCursor, type SortedPosition } from "@/lib/database/keyset-cursor";
import { readKeysetPage } from "@/lib/database/keyset-page";
import { likeLiteral } from "@/lib/database/like-literal";
import { connectionSource } from "./list-order";
import { connectionOrder, connectionSortSchema, orderTag, sortDirectionSchema, type ConnectionOrder } from "./list-sort";

type Db = ConnectionDeps["db"];

/**
 * 25 rows a page: the page's server time grows with the rows it renders (bench:scale measures
 * /connections at 10 vs 1,000 connections; 50 rows cost 1.6× the time of 10 there).
 */
export const CONNECTION_PAGE_SIZE = 25;

export function encodeConnectionCursor(order: ConnectionOrder, position: SortedPosition): string {
  return encodeSortedCursor(orderTag(order), position);
}

/** The cursor's position, if it was made for this order (else none: the first page). */
export function decodeConnectionCursor(order: ConnectionOrder, value: string | undefined): SortedPosition | undefined {
  return decodeSortedCursor(orderTag(order), value);
}

/** The page's search params. Anything malformed is dropped (the first page), never an error page. */
export const connectionListParams = z.object({
  /** Part of a nickname or Okta domain, any case. */
  q: z.string().trim().max(200).optional().catch(undefined),
  /** Only connections in this status. */
  status: z.enum(["PENDING", "HEALTHY", "DEGRADED", "NEEDS_REAUTH"]).optional().catch(undefined),
  /** The column to sort by and which way (each column has its own first direction). */
  sort: connectionSortSchema.optional().catch(undefined),
  dir: sortDirectionSchema.optional().catch(undefined),
  /** Opaque cursors: the last row of the previous page / the first row of the next one. */
  after: z.string().max(1000).optional().catch(undefined),
  before: z.string().max(1000).optional().catch(undefined),
});
export type ConnectionListParams = z.infer<typeof connectionListParams>;

export type ConnectionPage = {
  rows: ConnectionSummary[];
  /** Connections matching the filter, and the 0-based position of this page's first row among them. */
  total: number;
  offset: number;
  /** Cursors for the Next/Previous links; absent on the last/first page. */
  next?: string;
  previous?: string;
};

function matching(q: string | undefined, status: ConnectionListParams["status"]): Prisma.ConnectionWhereInput {
  const inStatus: Prisma.ConnectionWhereInput = status ? { status } : {};
  if (!q) return inStatus;
  const contains = likeLiteral(q);
  return { ...inStatus, OR: [{ nickname: { contains, mode: "insensitive" } }, { oktaDomain: { contains, mode: "insensitive" } }] };
}

/**
 * One page of connections in the order asked for (newest first by default). `after` continues
 * past a row, `before` goes back from one; an unreadable cursor, or one made for another order,
 * means the first page.
 */
export async function listConnectionPage(db: Db, params: ConnectionListParams, pageSize = CONNECTION_PAGE_SIZE): Promise<ConnectionPage> {
  const order = connectionOrder(params.sort, params.dir);
  const page = await readKeysetPage(
    connectionSource(db, matching(params.q, params.status), order),
    { after: decodeConnectionCursor(order, params.after), before: decodeConnectionCursor(order, params.before) },
    pageSize,
  );
  return {
    rows: page.rows,
    total: page.total,
    offset: page.offset,
    ...(page.next ? { next: encodeConnectionCursor(order, page.next) } : {}),
    ...(page.previous ? { previous: encodeConnectionCursor(order, page.previous) } : {}),
  };
}
