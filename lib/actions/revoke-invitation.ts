"use server";

import { revalidate } from "@/lib/auth/revalidate";
import { ActionFailure, guardedAction } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { revokeInvitationSchema } from "@/lib/team/schemas";

/** Withdraws a pending invitation. Admins cannot withdraw an owner invitation (they cannot create one either). */
export const revokeInvitation = guardedAction(
  { name: "member.invitation_revoke", permission: "members.invite", input: revokeInvitationSchema },
  async ({ invitationId }, ctx) => {
    const invitation = await db().invitation.findUnique({ where: { id: invitationId }, select: { email: true, role: true, acceptedAt: true } });
    if (!invitation || invitation.acceptedAt) throw new ActionFailure("NOT_FOUND", "That invitation no longer exists.");
    if (invitation.role === "OWNER" && ctx.member.role !== "OWNER") {
      throw new ActionFailure("RULE_VIOLATION", "Only an owner can withdraw an owner invitation.", undefined, { email: invitation.email });
    }
    await db().invitation.delete({ where: { id: invitationId } });
    await ctx.audit({ action: "member.invitation_revoke", outcome: "SUCCESS", target: invitation.email, details: { role: invitation.role } });
    revalidate("/members");
    return { email: invitation.email };
  },
);
