import "server-only";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";

// A session token → who is calling. One indexed query per call (session + user + membership), run
// by every guard, page and route handler: membership is re-checked on every call, so a removed
// member or a changed role takes effect immediately even if a session somehow survived.

export type Member = {
  userId: string;
  email: string | null;
  name: string | null;
  role: Role;
  membershipId: string;
};

export type Caller =
  | { kind: "anonymous" }
  | { kind: "non-member"; userId: string; email: string | null }
  | { kind: "member"; member: Member };

type CallerRow = { expires: Date; userId: string; email: string | null; name: string | null; membershipId: string | null; role: Role | null };

export async function resolveCaller(sessionToken: string | undefined, now: Date = new Date()): Promise<Caller> {
  if (!sessionToken) return { kind: "anonymous" };
  // One round trip (Prisma's nested select would take three): this runs on every action, route and page.
  const rows = await db().$queryRaw<CallerRow[]>`
    SELECT s."expires", u."id" AS "userId", u."email", u."name", m."id" AS "membershipId", m."role"
    FROM "Session" s
    JOIN "User" u ON u."id" = s."userId"
    LEFT JOIN "Membership" m ON m."userId" = u."id"
    WHERE s."sessionToken" = ${sessionToken}`;
  const row = rows[0];
  if (!row) return { kind: "anonymous" };
  if (row.expires <= now) {
    // Expired: gone for good (Auth.js would delete it on its next lookup too).
    await db().session.deleteMany({ where: { sessionToken } }).catch(() => undefined);
    return { kind: "anonymous" };
  }
  if (!row.membershipId || !row.role) return { kind: "non-member", userId: row.userId, email: row.email };
  return {
    kind: "member",
    member: { userId: row.userId, email: row.email, name: row.name, role: row.role, membershipId: row.membershipId },
  };
}
