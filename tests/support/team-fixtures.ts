// Team fixtures for integration tests: members of each role with real database sessions, and a way
// to make server actions see one of those sessions. Import AFTER `vi.mock("server-only", () => ({}))`.
import { randomBytes } from "node:crypto";
import { setSessionTokenReaderForTests } from "@/lib/auth/request-session";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";

// env() must not generate local keys into .data while testing.
process.env.AUTH_SECRET ??= "test-auth-secret-".padEnd(48, "x");
process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 3).toString("base64");

export type TestUser = { userId: string; email: string; token: string; membershipId: string | null; role: Role | null };
export type TestMember = TestUser & { membershipId: string; role: Role };
export type CallerKind = "anonymous" | "non-member" | Role;
export const CALLER_KINDS: CallerKind[] = ["anonymous", "non-member", "VIEWER", "OPERATOR", "ADMIN", "OWNER"];

let counter = 0;
export const uniqueEmail = (label: string) => `${label}-${Date.now().toString(36)}-${counter++}@team.test`;

/** Removes every person, session, invitation and audit event (connections stay; their creator becomes null). */
export async function resetTeam(): Promise<void> {
  const prisma = db();
  await prisma.$transaction([
    prisma.session.deleteMany(),
    prisma.account.deleteMany(),
    prisma.membership.deleteMany(),
    prisma.invitation.deleteMany(),
    prisma.auditEvent.deleteMany(),
    prisma.user.deleteMany(),
  ]);
}

export async function createSession(userId: string, expires = new Date(Date.now() + 3_600_000)): Promise<string> {
  const token = randomBytes(24).toString("hex");
  await db().session.create({ data: { sessionToken: token, userId, expires } });
  return token;
}

/** A signed-in person: a member with `role`, or (role null) someone with a session but no membership. */
export async function createUser(role: Role, email?: string): Promise<TestMember>;
export async function createUser(role: null, email?: string): Promise<TestUser>;
export async function createUser(role: Role | null, email = uniqueEmail(role?.toLowerCase() ?? "outsider")): Promise<TestUser> {
  const user = await db().user.create({
    data: {
      email,
      accounts: { create: { type: "oidc", provider: "test", providerAccountId: randomBytes(8).toString("hex") } },
      ...(role ? { membership: { create: { role } } } : {}),
    },
    select: { id: true, membership: { select: { id: true } } },
  });
  return { userId: user.id, email, token: await createSession(user.id), membershipId: user.membership?.id ?? null, role };
}

/** One of each caller kind. */
export async function createCallers(): Promise<Record<CallerKind, TestUser | null>> {
  return {
    anonymous: null,
    "non-member": await createUser(null),
    VIEWER: await createUser("VIEWER"),
    OPERATOR: await createUser("OPERATOR"),
    ADMIN: await createUser("ADMIN"),
    OWNER: await createUser("OWNER"),
  };
}

/** Server actions called from now on see this person's session cookie (or none). */
export function actAs(user: TestUser | null): void {
  setSessionTokenReaderForTests(async () => user?.token);
}

export async function auditEvents(action: string, outcome?: "SUCCESS" | "FAILURE" | "DENIED") {
  return db().auditEvent.findMany({ where: { action, ...(outcome ? { outcome } : {}) }, orderBy: { at: "asc" } });
}
