"use server";

import { revalidate } from "@/lib/auth/revalidate";
import { ActionFailure, guardedAction } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { mayInvite } from "@/lib/team/invitable-roles";
import { inviteMemberSchema } from "@/lib/team/schemas";

/** Invites an email address with a role; they join with it on their first sign-in. Re-inviting updates the role. */
export const inviteMember = guardedAction(
  { name: "member.invite", permission: "members.invite", input: inviteMemberSchema },
  async ({ email, role }, ctx) => {
    if (!mayInvite(ctx.member.role, role)) {
      throw new ActionFailure("RULE_VIOLATION", "Only an owner can invite an owner.", { role: ["Only an owner can invite an owner."] }, { email, role });
    }
    const member = await db().user.findUnique({ where: { email }, select: { membership: { select: { id: true } } } });
    if (member?.membership) {
      throw new ActionFailure("CONFLICT", `${email} is already a member.`, { email: ["Already a member"] }, { email });
    }
    const existing = await db().invitation.findUnique({ where: { email }, select: { role: true, acceptedAt: true } });
    if (existing && !existing.acceptedAt && existing.role === "OWNER" && ctx.member.role !== "OWNER") {
      throw new ActionFailure("RULE_VIOLATION", "Only an owner can change an owner invitation.", undefined, { email });
    }
    const invitation = await db().invitation.upsert({
      where: { email },
      create: { email, role, invitedById: ctx.member.userId },
      update: { role, invitedById: ctx.member.userId, acceptedAt: null, createdAt: new Date() },
      select: { id: true, email: true, role: true },
    });
    await ctx.audit({ action: "member.invite", outcome: "SUCCESS", target: email, details: { role, invitationId: invitation.id, reinvite: Boolean(existing) } });
    revalidate("/members");
    return invitation;
  },
);
