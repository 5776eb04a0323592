import "server-only";
import { z } from "zod";
import { decodeKeysetCursor as decodeCursor, encodeKeysetCursor as encodeCursor, type KeysetCursor } from "@/lib/database/keyset-cursor";
import { likeLiteral } from "@/lib/database/like-literal";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { distinctAuditActions } from "./distinct-actions";

// The audit page's query: filters plus keyset paging on (at, id), newest first, so a page costs the
// same however deep it is (the (connectionId, at), (actorId, at), (action, at) and (at) indexes).

export const PAGE_SIZE = 50;

export const auditFilters = z.object({
  connection: z.string().trim().max(100).optional().catch(undefined),
  actor: z.string().trim().max(320).optional().catch(undefined),
  operation: z.string().trim().max(100).optional().catch(undefined),
  outcome: z.enum(["SUCCESS", "FAILURE", "DENIED"]).optional().catch(undefined),
  /** Opaque cursor: the last row of the previous page. */
  after: z.string().max(200).optional().catch(undefined),
});
export type AuditFilters = z.infer<typeof auditFilters>;

// Under the audit names: list-events.ts pages the export with the same cursor as this page.
export { decodeCursor, encodeCursor };

/** Rows strictly after the cursor in (at desc, id desc) order: ties on `at` are split by id. */
export function afterCursor(cursor: KeysetCursor | undefined): Prisma.AuditEventWhereInput {
  return cursor ? { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] } : {};
}

export type AuditRow = {
  id: string;
  at: string;
  action: string;
  outcome: "SUCCESS" | "FAILURE" | "DENIED";
  actorEmail: string | null;
  connectionId: string | null;
  connectionName: string | null;
  target: string | null;
  /** The target's name when the event was written (a realm's name); the id stays in `target`. */
  targetName: string | null;
  oktaRequestId: string | null;
  referenceId: string | null;
  /** A short, safe summary of the details (the message shown to the admin on failures). */
  summary: string | null;
};

function targetNameOf(details: Prisma.JsonValue | null): string | null {
  if (!details || typeof details !== "object" || Array.isArray(details)) return null;
  const name = details.targetName;
  return typeof name === "string" && name !== "" ? name.slice(0, 300) : null;
}

function summaryOf(details: Prisma.JsonValue | null): string | null {
  if (!details || typeof details !== "object" || Array.isArray(details)) return null;
  const message = details.message;
  return typeof message === "string" ? message.slice(0, 300) : null;
}

/** The columns every audit listing shows (the page adds the connection's name). */
export const auditEventSelect = {
  id: true,
  at: true,
  action: true,
  outcome: true,
  actorEmail: true,
  actor: { select: { email: true } },
  connectionId: true,
  target: true,
  oktaRequestId: true,
  referenceId: true,
  details: true,
} satisfies Prisma.AuditEventSelect;

export async function searchAuditEvents(filters: AuditFilters): Promise<{ rows: AuditRow[]; next?: string }> {
  const cursor = decodeCursor(filters.after);
  const where: Prisma.AuditEventWhereInput = {
    ...(filters.connection ? { connectionId: filters.connection } : {}),
    ...(filters.actor ? { actorEmail: { contains: likeLiteral(filters.actor), mode: "insensitive" } } : {}),
    ...(filters.operation ? { action: { startsWith: filters.operation } } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...afterCursor(cursor),
  };
  const found = await db().auditEvent.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: PAGE_SIZE + 1,
    select: { ...auditEventSelect, connection: { select: { nickname: true } } },
  });
  const page = found.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  return {
    rows: page.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      action: e.action,
      outcome: e.outcome,
      actorEmail: e.actorEmail ?? e.actor?.email ?? null,
      connectionId: e.connectionId,
      connectionName: e.connection?.nickname ?? null,
      target: e.target,
      targetName: targetNameOf(e.details),
      oktaRequestId: e.oktaRequestId,
      referenceId: e.referenceId,
      summary: summaryOf(e.details),
    })),
    ...(found.length > PAGE_SIZE && last ? { next: encodeCursor({ at: last.at, id: last.id }) } : {}),
  };
}

/** Filter choices: every connection (by name) and the operations recorded so far. */
export async function auditFilterOptions(): Promise<{ connections: { id: string; nickname: string }[]; operations: string[] }> {
  const [connections, operations] = await Promise.all([
    db().connection.findMany({ select: { id: true, nickname: true }, orderBy: { nickname: "asc" } }),
    distinctAuditActions(db(), 200),
  ]);
  return { connections, operations };
}
