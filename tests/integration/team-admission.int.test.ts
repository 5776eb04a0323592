// Who gets in: the first sign-in becomes the only owner (even when several race), invitations and
// allowed domains admit with their role, everyone else is refused with nothing left behind, and
// removal ends sessions at once. Exercises lib/team/admission.ts and the real Auth.js signIn callback.
import { randomBytes } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

const fx = await import("../support/team-fixtures");
const { admitSignIn } = await import("@/lib/team/admission");
const { authConfig } = await import("@/lib/auth/config");
const { resolveCaller } = await import("@/lib/auth/resolve-caller");
const { setSessionTokenReaderForTests } = await import("@/lib/auth/request-session");
const { inviteMember } = await import("@/lib/actions/invite-member");
const { removeMember } = await import("@/lib/actions/remove-member");
const { changeMemberRole } = await import("@/lib/actions/change-member-role");
const { db } = await import("@/lib/db");

const attempt = (email: string | null, extra: Partial<Parameters<typeof admitSignIn>[0]> = {}) => ({
  provider: "sandbox",
  providerAccountId: randomBytes(8).toString("hex"),
  accountType: "oidc",
  email,
  emailVerified: true,
  name: "Test Person",
  ...extra,
});
const noDomains = { allowedDomains: [] };

async function rowsFor(email: string) {
  const user = await db().user.findUnique({ where: { email }, select: { id: true } });
  return {
    user: user ? 1 : 0,
    accounts: user ? await db().account.count({ where: { userId: user.id } }) : 0,
    sessions: user ? await db().session.count({ where: { userId: user.id } }) : 0,
  };
}

beforeEach(fx.resetTeam);
afterAll(() => setSessionTokenReaderForTests(async () => undefined));

describe("the first sign-in", () => {
  it("makes exactly one owner when several people sign in at once", async () => {
    const emails = Array.from({ length: 6 }, (_, i) => fx.uniqueEmail(`racer${i}`));
    const results = await Promise.all(emails.map((e) => admitSignIn(attempt(e), noDomains)));
    expect(results.filter((r) => r.ok && r.role === "OWNER")).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === "NOT_INVITED")).toHaveLength(5);
    expect(await db().membership.count()).toBe(1);
    expect(await db().user.count()).toBe(1); // the refused left no user rows
  });

  it("makes one owner and viewers when the racers share an allowed domain", async () => {
    const emails = Array.from({ length: 4 }, (_, i) => `racer${i}-${Date.now()}@allowed.test`);
    const results = await Promise.all(emails.map((e) => admitSignIn(attempt(e), { allowedDomains: ["allowed.test"] })));
    expect(results.map((r) => (r.ok ? r.role : r.reason)).sort()).toEqual(["OWNER", "VIEWER", "VIEWER", "VIEWER"]);
  });

  it("is the same person again on their next sign-in, without a second membership", async () => {
    const a = attempt(fx.uniqueEmail("first"));
    expect(await admitSignIn(a, noDomains)).toMatchObject({ ok: true, role: "OWNER", via: "first-owner" });
    expect(await admitSignIn(a, noDomains)).toMatchObject({ ok: true, role: "OWNER", via: "member" });
    const [again] = await Promise.all([admitSignIn(a, noDomains), admitSignIn(a, noDomains)]);
    expect(again).toMatchObject({ ok: true, via: "member" });
    expect(await db().membership.count()).toBe(1);
  });
});

describe("invitations", () => {
  it("admits an invited person with the invited role, once", async () => {
    const owner = await fx.createUser("OWNER");
    fx.actAs(owner);
    const email = fx.uniqueEmail("invited");
    expect(await inviteMember({ email: email.toUpperCase(), role: "OPERATOR" })).toMatchObject({ ok: true, data: { email, role: "OPERATOR" } });
    expect(await fx.auditEvents("member.invite", "SUCCESS")).toMatchObject([{ actorId: owner.userId, target: email, details: { role: "OPERATOR" } }]);

    const a = attempt(email);
    expect(await admitSignIn(a, noDomains)).toMatchObject({ ok: true, role: "OPERATOR", via: "invitation" });
    expect((await db().invitation.findUnique({ where: { email } }))?.acceptedAt).toBeInstanceOf(Date);
    expect(await fx.auditEvents("invitation.accept", "SUCCESS")).toHaveLength(1);

    // The invitation is used up: another account with the same email is not admitted through it.
    expect(await admitSignIn(attempt(email, { provider: "other" }), noDomains)).toMatchObject({ ok: false });
  });

  it("does not let an admin invite an owner", async () => {
    fx.actAs(await fx.createUser("ADMIN"));
    const result = await inviteMember({ email: fx.uniqueEmail("boss"), role: "OWNER" });
    expect(result).toMatchObject({ ok: false, error: { code: "RULE_VIOLATION", fieldErrors: { role: [expect.any(String)] } } });
    expect(await db().invitation.count()).toBe(0);
    expect(await fx.auditEvents("member.invite", "FAILURE")).toHaveLength(1);
  });

  it("refuses inviting an existing member", async () => {
    const owner = await fx.createUser("OWNER");
    const viewer = await fx.createUser("VIEWER");
    fx.actAs(owner);
    expect(await inviteMember({ email: viewer.email, role: "ADMIN" })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
  });
});

describe("allowed email domains", () => {
  it("admits people from an allowed domain as viewers, and nobody else", async () => {
    await fx.createUser("OWNER");
    const policy = { allowedDomains: ["example.com"] };
    expect(await admitSignIn(attempt(`Ada.${Date.now()}@Example.com`), policy)).toMatchObject({ ok: true, role: "VIEWER", via: "domain" });
    expect(await admitSignIn(attempt(`eve.${Date.now()}@evil.example.com`), policy)).toMatchObject({ ok: false, reason: "NOT_INVITED" });
  });

  it("prefers an invitation's role over the domain's viewer role", async () => {
    await fx.createUser("OWNER");
    const email = `lead.${Date.now()}@example.com`;
    await db().invitation.create({ data: { email, role: "ADMIN" } });
    expect(await admitSignIn(attempt(email), { allowedDomains: ["example.com"] })).toMatchObject({ ok: true, role: "ADMIN" });
  });
});

describe("refusal", () => {
  it("refuses strangers, unverified and missing emails, and an email another account uses", async () => {
    const owner = await fx.createUser("OWNER");
    await db().invitation.create({ data: { email: "unverified@team.test", role: "ADMIN" } });
    expect(await admitSignIn(attempt(fx.uniqueEmail("stranger")), noDomains)).toMatchObject({ ok: false, reason: "NOT_INVITED" });
    expect(await admitSignIn(attempt("unverified@team.test", { emailVerified: false }), noDomains)).toMatchObject({ ok: false, reason: "EMAIL_UNVERIFIED" });
    expect(await admitSignIn(attempt(null), noDomains)).toMatchObject({ ok: false, reason: "NO_EMAIL" });
    await db().invitation.create({ data: { email: `dup-${owner.email}`, role: "VIEWER" } });
    expect(await admitSignIn(attempt(owner.email, { provider: "another-idp" }), { allowedDomains: ["team.test"] })).toMatchObject({
      ok: false,
      reason: "EMAIL_IN_USE",
    });
  });

  it("through the Auth.js signIn callback: redirects to the refusal page, records DENIED, creates nothing", async () => {
    await fx.createUser("OWNER");
    const email = fx.uniqueEmail("refused");
    const signIn = authConfig().callbacks?.signIn;
    if (!signIn) throw new Error("no signIn callback");
    const outcome = await signIn({
      user: { id: "tmp", email, name: "Refused Person" },
      account: { provider: "sandbox", providerAccountId: "sub-refused", type: "oidc" },
      profile: { email, email_verified: true, sub: "sub-refused" },
    });
    expect(outcome).toBe("/denied?reason=NOT_INVITED");
    expect(await rowsFor(email)).toEqual({ user: 0, accounts: 0, sessions: 0 });
    expect(await fx.auditEvents("auth.sign_in", "DENIED")).toMatchObject([{ actorEmail: email, actorId: null, details: { reason: "NOT_INVITED", provider: "sandbox" } }]);
  });

  it("through the Auth.js signIn callback: admits an invited person and links the account Auth.js will look up", async () => {
    await fx.createUser("OWNER");
    const email = fx.uniqueEmail("welcome");
    await db().invitation.create({ data: { email, role: "VIEWER" } });
    const signIn = authConfig().callbacks?.signIn;
    const outcome = await signIn?.({
      user: { id: "tmp", email, name: "Welcome" },
      account: { provider: "sandbox", providerAccountId: "sub-welcome", type: "oidc", access_token: "never-stored" },
      profile: { email, email_verified: true, sub: "sub-welcome" },
    });
    expect(outcome).toBe(true);
    const account = await db().account.findUnique({ where: { provider_providerAccountId: { provider: "sandbox", providerAccountId: "sub-welcome" } } });
    expect(account).toMatchObject({ access_token: null, refresh_token: null, id_token: null });
    expect(await authConfig().adapter?.getUserByAccount?.({ provider: "sandbox", providerAccountId: "sub-welcome" })).toMatchObject({ email });
  });
});

describe("removal and role changes", () => {
  it("ends every session of a removed member at once", async () => {
    const owner = await fx.createUser("OWNER");
    const viewer = await fx.createUser("VIEWER");
    const secondSession = await fx.createSession(viewer.userId);
    fx.actAs(owner);
    expect(await removeMember({ membershipId: viewer.membershipId })).toMatchObject({ ok: true, data: { email: viewer.email, self: false } });
    expect(await db().session.count({ where: { userId: viewer.userId } })).toBe(0);
    expect(await resolveCaller(viewer.token)).toEqual({ kind: "anonymous" });
    expect(await resolveCaller(secondSession)).toEqual({ kind: "anonymous" });
    expect(await fx.auditEvents("member.remove", "SUCCESS")).toMatchObject([{ target: viewer.email, details: { sessionsEnded: 2 } }]);
  });

  it("never removes or demotes the last owner", async () => {
    const owner = await fx.createUser("OWNER");
    fx.actAs(owner);
    expect(await removeMember({ membershipId: owner.membershipId })).toMatchObject({ ok: false, error: { code: "RULE_VIOLATION" } });
    expect(await changeMemberRole({ membershipId: owner.membershipId, role: "ADMIN" })).toMatchObject({ ok: false, error: { code: "RULE_VIOLATION" } });
    expect(await db().membership.count({ where: { role: "OWNER" } })).toBe(1);
  });

  it("keeps one owner when two owners demote each other at the same time", async () => {
    const a = await fx.createUser("OWNER");
    const b = await fx.createUser("OWNER");
    // Both calls run with a's session (the reader is global); what matters is the concurrent rule check.
    fx.actAs(a);
    const results = await Promise.all([
      changeMemberRole({ membershipId: a.membershipId, role: "VIEWER" }),
      changeMemberRole({ membershipId: b.membershipId, role: "VIEWER" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db().membership.count({ where: { role: "OWNER" } })).toBe(1);
  });

  it("does not let a removed domain member back in through their domain", async () => {
    const owner = await fx.createUser("OWNER");
    const policy = { allowedDomains: ["example.com"] };
    const person = attempt(`dom.${Date.now()}@example.com`);
    const joined = await admitSignIn(person, policy);
    if (!joined.ok) throw new Error("not admitted");
    const membership = await db().membership.findUniqueOrThrow({ where: { userId: joined.userId } });
    fx.actAs(owner);
    expect(await removeMember({ membershipId: membership.id })).toMatchObject({ ok: true });
    expect(await admitSignIn(person, policy)).toMatchObject({ ok: false, reason: "NOT_INVITED" });
    await inviteMember({ email: person.email ?? "", role: "OPERATOR" });
    expect(await admitSignIn(person, policy)).toMatchObject({ ok: true, role: "OPERATOR" });
    expect((await db().user.findUniqueOrThrow({ where: { id: joined.userId } })).removedAt).toBeNull();
  });

  it("lets a removed person back only with a new invitation", async () => {
    const owner = await fx.createUser("OWNER");
    const first = attempt(fx.uniqueEmail("returning"));
    await db().invitation.create({ data: { email: first.email ?? "", role: "OPERATOR" } });
    const admitted = await admitSignIn(first, noDomains);
    if (!admitted.ok) throw new Error("not admitted");
    const membership = await db().membership.findUniqueOrThrow({ where: { userId: admitted.userId } });
    fx.actAs(owner);
    await removeMember({ membershipId: membership.id });
    expect(await admitSignIn(first, noDomains)).toMatchObject({ ok: false, reason: "NOT_INVITED" });
    expect(await inviteMember({ email: first.email ?? "", role: "VIEWER" })).toMatchObject({ ok: true });
    expect(await admitSignIn(first, noDomains)).toMatchObject({ ok: true, role: "VIEWER", userId: admitted.userId });
  });
});
