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

export async function resolveCaller(sessionToken: string | undefined, now: Date = new Date()): Promise<Caller> {
  if (!sessionToken) return { kind: "anonymous" };
  const session = await db().session.findUnique({
    where: { sessionToken },
    select: {
      expires: true,
      user: { select: { id: true, email: true, name: true, membership: { select: { id: true, role: true } } } },
    },
  });
  if (!session) return { kind: "anonymous" };
  if (session.expires <= now) {
    // Expired: gone for good (Auth.js would delete it on its next lookup too).
    await db().session.deleteMany({ where: { sessionToken } }).catch(() => undefined);
    return { kind: "anonymous" };
  }
  const { user } = session;
  if (!user.membership) return { kind: "non-member", userId: user.id, email: user.email };
  return {
    kind: "member",
    member: { userId: user.id, email: user.email, name: user.name, role: user.membership.role, membershipId: user.membership.id },
  };
}
