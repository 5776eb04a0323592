"use server";

import { revalidate } from "@/lib/auth/revalidate";
import { ActionFailure, guardedAction } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { checkLastOwnerRule } from "@/lib/team/last-owner";
import { changeMemberRoleSchema } from "@/lib/team/schemas";
import { lockTeam } from "@/lib/team/team-lock";

/** Changes a member's role. Under the team lock, so two owners demoting each other cannot leave none. */
export const changeMemberRole = guardedAction(
  { name: "member.role_change", permission: "members.manage", input: changeMemberRoleSchema },
  async ({ membershipId, role }, ctx) => {
    const result = await db().$transaction(async (tx) => {
      await lockTeam(tx);
      const membership = await tx.membership.findUnique({ where: { id: membershipId }, select: { role: true, user: { select: { email: true } } } });
      if (!membership) throw new ActionFailure("NOT_FOUND", "That member no longer exists.");
      if (membership.role === role) return { email: membership.user.email, from: role, to: role };
      const owners = await tx.membership.count({ where: { role: "OWNER" } });
      const verdict = checkLastOwnerRule({ kind: "change-role", currentRole: membership.role, newRole: role }, owners);
      if (!verdict.ok) throw new ActionFailure("RULE_VIOLATION", verdict.message, undefined, { membershipId });
      await tx.membership.update({ where: { id: membershipId }, data: { role } });
      await ctx.audit(
        { action: "member.role_change", outcome: "SUCCESS", target: membership.user.email, details: { membershipId, from: membership.role, to: role } },
        tx,
      );
      return { email: membership.user.email, from: membership.role, to: role };
    });
    revalidate("/", "layout");
    return result;
  },
);
