import "server-only";
import { db } from "@/lib/db";

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

/** The newest audit events first. Callers must hold `audit.read` (the page and route check it). */
export async function listAuditEvents({ limit = 100, before }: { limit?: number; before?: Date } = {}): Promise<AuditEventView[]> {
  const rows = await db().auditEvent.findMany({
    where: before ? { at: { lt: before } } : undefined,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(limit, 1), 500),
    select: {
      id: true,
      at: true,
      action: true,
      outcome: true,
      actorEmail: true,
      actor: { select: { email: true } },
      target: true,
      connectionId: true,
      oktaRequestId: true,
      referenceId: true,
      details: true,
    },
  });
  return rows.map(({ actor, at, ...row }) => ({ ...row, at: at.toISOString(), actorEmail: row.actorEmail ?? actor?.email ?? null }));
}
