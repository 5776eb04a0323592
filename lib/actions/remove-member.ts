"use server";

import { revalidate } from "@/lib/auth/revalidate";
import { ActionFailure, guardedAction } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { checkLastOwnerRule } from "@/lib/team/last-owner";
import { removeMemberSchema } from "@/lib/team/schemas";
import { lockTeam } from "@/lib/team/team-lock";

/**
 * Removes a member and ends all their sessions at once. Their User row stays (audit history points
 * at it) and is marked removed: signing in again needs a new invitation, even with an allowed email domain.
 */
export const removeMember = guardedAction(
  { name: "member.remove", permission: "members.manage", input: removeMemberSchema },
  async ({ membershipId }, ctx) => {
    const removed = await db().$transaction(async (tx) => {
      await lockTeam(tx);
      const membership = await tx.membership.findUnique({ where: { id: membershipId }, select: { role: true, userId: true, user: { select: { email: true } } } });
      if (!membership) throw new ActionFailure("NOT_FOUND", "That member no longer exists.");
      const owners = await tx.membership.count({ where: { role: "OWNER" } });
      const verdict = checkLastOwnerRule({ kind: "remove", currentRole: membership.role }, owners);
      if (!verdict.ok) throw new ActionFailure("RULE_VIOLATION", verdict.message, undefined, { membershipId });
      await tx.membership.delete({ where: { id: membershipId } });
      await tx.user.update({ where: { id: membership.userId }, data: { removedAt: new Date() } });
      const sessions = await tx.session.deleteMany({ where: { userId: membership.userId } });
      await ctx.audit(
        { action: "member.remove", outcome: "SUCCESS", target: membership.user.email, details: { membershipId, role: membership.role, sessionsEnded: sessions.count } },
        tx,
      );
      return { email: membership.user.email, self: membership.userId === ctx.member.userId };
    });
    revalidate("/", "layout");
    return removed;
  },
);
