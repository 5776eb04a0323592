import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

// Cross-process single-flight for token refresh, without holding a lock or a transaction across the
// HTTP call: a short conditional UPDATE claims the row for `leaseMs` (database clock, so app hosts'
// clocks do not matter), but only if the caller saw the latest credentials (`version`). Whoever gets
// it refreshes; everyone else waits for `version` to move. A crashed holder's claim simply expires.
// Timestamps are UTC like Prisma's own DateTime columns.
const NOW_UTC = "(clock_timestamp() AT TIME ZONE 'UTC')";

export async function tryAcquireRefreshLease(
  db: PrismaClient,
  input: { connectionId: string; seenVersion: number; leaseId: string; leaseMs: number },
): Promise<boolean> {
  const count = await db.$executeRawUnsafe(
    `UPDATE "Connection"
        SET "refreshLeaseOwner" = $1, "refreshLeaseUntil" = ${NOW_UTC} + ($2::integer * interval '1 millisecond')
      WHERE "id" = $3 AND "version" = $4
        AND ("refreshLeaseOwner" IS NULL OR "refreshLeaseUntil" IS NULL OR "refreshLeaseUntil" < ${NOW_UTC})`,
    input.leaseId,
    Math.round(input.leaseMs),
    input.connectionId,
    input.seenVersion,
  );
  return count === 1;
}

/** Gives the lease back (only if still ours), e.g. after a failed refresh. */
export async function releaseRefreshLease(tx: Prisma.TransactionClient | PrismaClient, connectionId: string, leaseId: string): Promise<void> {
  await tx.connection.updateMany({
    where: { id: connectionId, refreshLeaseOwner: leaseId },
    data: { refreshLeaseOwner: null, refreshLeaseUntil: null },
  });
}
