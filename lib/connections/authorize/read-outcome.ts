import "server-only";
import { db } from "@/lib/db";
import { authorizationOutcomeSchema, type AuthorizationOutcome } from "./outcome";

/** The callback's conclusion, for the member who ran it only (another member's id shows nothing). */
export async function readAuthorizationOutcome(authorizationId: string, userId: string): Promise<AuthorizationOutcome | null> {
  if (authorizationId.length > 64) return null;
  const row = await db().connectionAuthorization.findFirst({ where: { id: authorizationId, userId, consumedAt: { not: null } }, select: { outcome: true } });
  const parsed = authorizationOutcomeSchema.safeParse(row?.outcome);
  return parsed.success ? parsed.data : null;
}
