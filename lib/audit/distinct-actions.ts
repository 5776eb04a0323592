import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * The audit actions recorded so far, A→Z, at most `limit` (the audit page's Operation filter).
 * Prisma's `distinct` reads every event and de-duplicates in memory (no SQL DISTINCT, no LIMIT), so
 * the page got slower with every event ever recorded. This is a loose index scan on the
 * (action, at) index instead: one index probe per distinct action, however many events there are.
 */
export async function distinctAuditActions(db: PrismaClient, limit = 200): Promise<string[]> {
  const rows = await db.$queryRaw<{ action: string }[]>`
    WITH RECURSIVE actions AS (
      (SELECT "action" FROM "AuditEvent" ORDER BY "action" LIMIT 1)
      UNION ALL
      SELECT (SELECT e."action" FROM "AuditEvent" e WHERE e."action" > actions."action" ORDER BY e."action" LIMIT 1)
      FROM actions WHERE actions."action" IS NOT NULL
    )
    SELECT "action" FROM actions WHERE "action" IS NOT NULL LIMIT ${limit}`;
  return rows.map((r) => r.action);
}
