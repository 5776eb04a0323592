import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { isAllowedDomain, normalizeEmail } from "./email";
import { lockTeam } from "./team-lock";

// Who may sign in, decided once per sign-in before Auth.js creates anything. Runs from the Auth.js
// `signIn` callback. For a newcomer it creates the User, the Account link (without any IdP tokens:
// we never use them) and the Membership in one transaction under the team lock, so:
// - two simultaneous first sign-ins produce exactly one owner (the second sees a member and must
//   be invited or domain-allowed like anyone else);
// - a refused person leaves no User, Account or Session row (only a DENIED audit event).
// Auth.js then finds the account by provider id and only creates the session.

export type SignInAttempt = {
  provider: string;
  providerAccountId: string;
  /** Auth.js account type ("oidc" for every provider here). */
  accountType: string;
  email: string | null | undefined;
  /** `email_verified` of the source the email came from (ID token or UserInfo); `false` refuses newcomers, absent is accepted (Okta may omit it). */
  emailVerified: boolean | undefined;
  name?: string | null;
  image?: string | null;
};

export type JoinedVia = "member" | "first-owner" | "invitation" | "domain";
export type RefusalReason = "NO_EMAIL" | "EMAIL_UNVERIFIED" | "NOT_INVITED" | "EMAIL_IN_USE";

export type Admission =
  | { ok: true; userId: string; email: string; role: Role; via: JoinedVia }
  | { ok: false; reason: RefusalReason; email: string | null };

export type AdmissionPolicy = { allowedDomains: readonly string[] };

export async function admitSignIn(attempt: SignInAttempt, policy: AdmissionPolicy): Promise<Admission> {
  const email = attempt.email ? normalizeEmail(attempt.email) : null;
  const key = { provider: attempt.provider, providerAccountId: attempt.providerAccountId };

  // Fast path, no lock: an existing member signing in again.
  const known = await db().account.findUnique({
    where: { provider_providerAccountId: key },
    select: { user: { select: { id: true, email: true, membership: { select: { role: true } } } } },
  });
  if (known?.user.membership) {
    return { ok: true, userId: known.user.id, email: known.user.email ?? email ?? "", role: known.user.membership.role, via: "member" };
  }

  if (!email) return { ok: false, reason: "NO_EMAIL", email: null };
  if (attempt.emailVerified === false) return { ok: false, reason: "EMAIL_UNVERIFIED", email };

  return db().$transaction(async (tx): Promise<Admission> => {
    await lockTeam(tx);

    const account = await tx.account.findUnique({
      where: { provider_providerAccountId: key },
      select: { userId: true, user: { select: { removedAt: true, membership: { select: { role: true } } } } },
    });
    // Re-checked under the lock: a parallel sign-in of the same person may have admitted them.
    if (account?.user.membership) {
      return { ok: true, userId: account.userId, email, role: account.user.membership.role, via: "member" };
    }

    let role: Role;
    let via: JoinedVia;
    let invitationId: string | undefined;
    const memberCount = await tx.membership.count();
    const invitation = await tx.invitation.findUnique({ where: { email } });
    if (memberCount === 0) {
      role = "OWNER";
      via = "first-owner";
    } else if (invitation && !invitation.acceptedAt) {
      role = invitation.role;
      via = "invitation";
      invitationId = invitation.id;
    } else if (isAllowedDomain(email, policy.allowedDomains) && !account?.user.removedAt) {
      // A removed member is not let back in by their domain: that would undo the removal.
      role = "VIEWER";
      via = "domain";
    } else {
      return { ok: false, reason: "NOT_INVITED", email };
    }

    let userId = account?.userId;
    if (!userId) {
      // The email already belongs to a user who signs in another way (another provider or
      // another subject). Linking on email alone would let any issuer that asserts the address
      // take the account over, so it is refused instead.
      const sameEmail = await tx.user.findUnique({ where: { email }, select: { id: true } });
      if (sameEmail) return { ok: false, reason: "EMAIL_IN_USE", email };
      const user = await tx.user.create({
        data: {
          email,
          name: attempt.name ?? null,
          image: attempt.image ?? null,
          emailVerified: attempt.emailVerified ? new Date() : null,
          accounts: { create: { type: attempt.accountType, provider: attempt.provider, providerAccountId: attempt.providerAccountId } },
        },
        select: { id: true },
      });
      userId = user.id;
    } else {
      // A former member coming back through a new invitation.
      await tx.user.update({ where: { id: userId }, data: { email, removedAt: null } });
    }

    const membership = await tx.membership.create({ data: { userId, role }, select: { id: true } });
    if (invitationId) await tx.invitation.update({ where: { id: invitationId }, data: { acceptedAt: new Date() } });
    await recordAudit(
      {
        action: via === "invitation" ? "invitation.accept" : "member.join",
        outcome: "SUCCESS",
        actor: { id: userId, email },
        target: email,
        details: { role, via, provider: attempt.provider, membershipId: membership.id },
      },
      tx,
    );
    return { ok: true, userId, email, role, via };
  });
}
