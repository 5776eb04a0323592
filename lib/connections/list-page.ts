// The connections page's query: an optional filter on nickname/Okta domain and keyset paging on
// (createdAt, id), newest first. A page reads only its own rows through the (createdAt, id) index,
// however many connections the team has (no query returns more than a page); two cheap
// counts give "Showing 26–50 of 1,000". Never reads an encrypted column (see `summarySelect`).
import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import { summarySelect, type ConnectionDeps, type ConnectionSummary } from "./types";
import { decodeKeysetCursor, encodeKeysetCursor } from "@/lib/database/keyset-cursor";
import { likeLiteral } from "@/lib/database/like-literal";

type Db = ConnectionDeps["db"];

/**
 * 25 rows a page: the page's server time grows with the rows it renders (bench:scale measures
 * /connections at 10 vs 1,000 connections; 50 rows cost 1.6× the time of 10 there).
 */
export const CONNECTION_PAGE_SIZE = 25;

type Cursor = { createdAt: Date; id: string };

export function encodeConnectionCursor(c: Cursor): string {
  return encodeKeysetCursor({ at: c.createdAt, id: c.id });
}

export function decodeConnectionCursor(value: string | undefined): Cursor | undefined {
  const cursor = decodeKeysetCursor(value);
  return cursor && { createdAt: cursor.at, id: cursor.id };
}

/** The page's search params. Anything malformed is dropped (the first page), never an error page. */
export const connectionListParams = z.object({
  /** Part of a nickname or Okta domain, any case. */
  q: z.string().trim().max(200).optional().catch(undefined),
  /** Only connections in this status. */
  status: z.enum(["PENDING", "HEALTHY", "DEGRADED", "NEEDS_REAUTH"]).optional().catch(undefined),
  /** Opaque cursors: the last row of the previous page / the first row of the next one. */
  after: z.string().max(200).optional().catch(undefined),
  before: z.string().max(200).optional().catch(undefined),
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

/** Rows listed before the cursor in (createdAt desc, id desc) order; `orAt` includes the cursor row itself. */
function newerThan(c: Cursor, orAt = false): Prisma.ConnectionWhereInput {
  return { OR: [{ createdAt: { gt: c.createdAt } }, { createdAt: c.createdAt, id: orAt ? { gte: c.id } : { gt: c.id } }] };
}

function olderThan(c: Cursor): Prisma.ConnectionWhereInput {
  return { OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] };
}

const NEWEST_FIRST = [{ createdAt: "desc" }, { id: "desc" }] satisfies Prisma.ConnectionOrderByWithRelationInput[];
const OLDEST_FIRST = [{ createdAt: "asc" }, { id: "asc" }] satisfies Prisma.ConnectionOrderByWithRelationInput[];

const cursorOf = (row: ConnectionSummary): string => encodeConnectionCursor({ createdAt: row.createdAt, id: row.id });

function pageOf(rows: ConnectionSummary[], total: number, offset: number): ConnectionPage {
  const first = rows[0];
  const last = rows.at(-1);
  return {
    rows,
    total,
    offset,
    ...(last && offset + rows.length < total ? { next: cursorOf(last) } : {}),
    ...(first && offset > 0 ? { previous: cursorOf(first) } : {}),
  };
}

/**
 * One page of connections, newest first. `after` continues past a row, `before` goes back from
 * one; an unreadable cursor means the first page. Rows added or deleted between two clicks shift
 * the page boundaries but never repeat or skip a row that existed on both clicks.
 */
export async function listConnectionPage(db: Db, params: ConnectionListParams, pageSize = CONNECTION_PAGE_SIZE): Promise<ConnectionPage> {
  const filter = matching(params.q, params.status);
  const after = decodeConnectionCursor(params.after);
  const before = after ? undefined : decodeConnectionCursor(params.before);

  // Started once: a `before` that lands on the first page falls through and needs the same total.
  const counted = Promise.resolve(db.connection.count({ where: filter }));

  if (before) {
    const [found, newer, total] = await Promise.all([
      db.connection.findMany({ where: { AND: [filter, newerThan(before)] }, orderBy: OLDEST_FIRST, take: pageSize, select: summarySelect }),
      db.connection.count({ where: { AND: [filter, newerThan(before)] } }),
      counted,
    ]);
    // Fewer than a page newer than the cursor: that is the first page; show it full.
    if (newer >= pageSize) return pageOf(found.reverse(), total, newer - found.length);
  }

  const [rows, total, offset] = await Promise.all([
    db.connection.findMany({ where: after ? { AND: [filter, olderThan(after)] } : filter, orderBy: NEWEST_FIRST, take: pageSize, select: summarySelect }),
    counted,
    after ? db.connection.count({ where: { AND: [filter, newerThan(after, true)] } }) : Promise.resolve(0),
  ]);
  return pageOf(rows, total, offset);
}
