"use server";

import { ActionFailure, guardedAction } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { ConnectionError, deleteConnection, getConnectionSummary } from "@/lib/connections";
import { deleteConnectionSchema } from "@/lib/connections/authorize/inputs";
import { connectionDeps, revokeDeletedConnectionTokens } from "@/lib/connections/server";
import { logger } from "@/lib/observability/log";

/** Deletes a connection after the nickname is typed back, then revokes its tokens at Okta. */
export const deleteConnectionAction = guardedAction(
  { name: "connection.delete", permission: "connections.manage", input: deleteConnectionSchema },
  async ({ id, confirmation }, ctx) => {
    const deps = connectionDeps();
    const summary = await getConnectionSummary(deps.db, id);
    if (!summary) throw new ActionFailure("NOT_FOUND", "This connection no longer exists.");
    if (confirmation.trim() !== summary.nickname) {
      throw new ActionFailure("RULE_VIOLATION", "The nickname you typed doesn't match.", { confirmation: [`Type ${summary.nickname} exactly to confirm.`] });
    }
    let revocation;
    try {
      ({ revocation } = await deleteConnection(deps, id));
    } catch (error) {
      if (error instanceof ConnectionError && error.code === "NOT_FOUND") throw new ActionFailure("NOT_FOUND", "This connection no longer exists.");
      throw error;
    }
    const revoked = revocation ? await revokeDeletedConnectionTokens(revocation) : { revoked: 0, errors: [] };
    if (revoked.errors.length > 0) logger("connections").error({ connectionId: id, errors: revoked.errors }, `revoking the tokens of deleted connection ${id} failed`);
    // The row is gone, so the event names it in target/details (connectionId would point nowhere).
    await ctx.audit({
      action: "connection.delete",
      outcome: "SUCCESS",
      target: summary.nickname,
      details: { connectionId: id, oktaDomain: summary.oktaDomain, revokedAtOkta: revoked.revoked, revocationFailed: revoked.errors.length > 0 },
    });
    revalidate("/connections");
    return { id, nickname: summary.nickname, tokensRevoked: revoked.revoked, revocationFailed: revoked.errors.length > 0 };
  },
);
