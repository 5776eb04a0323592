import "server-only";
import { db } from "@/lib/db";
import { afterCursor, auditEventSelect, decodeCursor, encodeCursor } from "./search-events";

export type AuditEventView = {
  id: string;
  at: string;
  action: string;
  outcome: "SUCCESS" | "FAILURE" | "DENIED";
  actorEmail: string | null;
  target: string | null;
  connectionId: string | null;
  oktaRequestId: string | null;
  referenceId: string | null;
  details: unknown;
};

/**
 * The audit log for export, newest first, with the same (at, id) keyset cursor as the audit page, so
 * events sharing a timestamp are neither skipped nor repeated across pages. Callers hold `audit.read`.
 */
export async function listAuditEvents({ limit = 100, after }: { limit?: number; after?: string } = {}): Promise<{ events: AuditEventView[]; next?: string }> {
  const take = Math.min(Math.max(limit, 1), 500);
  const cursor = decodeCursor(after);
  const rows = await db().auditEvent.findMany({
    where: afterCursor(cursor),
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: take + 1,
    select: auditEventSelect,
  });
  const page = rows.slice(0, take);
  const last = page.at(-1);
  return {
    events: page.map(({ actor, at, ...row }) => ({ ...row, at: at.toISOString(), actorEmail: row.actorEmail ?? actor?.email ?? null })),
    ...(rows.length > take && last ? { next: encodeCursor({ at: last.at, id: last.id }) } : {}),
  };
}
