import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

// One installation = one team, so one transaction-scoped advisory lock serialises every change to
// who is in it and with which role: the first sign-in (exactly one owner), invitation acceptance,
// role changes and removals (the last owner stays). Held only for the transaction.
const TEAM_LOCK_KEY = 0x4f6b7461; // "Okta"; any constant distinct from Prisma's migrate lock (72707369)

export async function lockTeam(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${TEAM_LOCK_KEY}::bigint)`;
}
