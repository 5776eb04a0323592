"use server";

import { ActionFailure, guardedAction } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { ConnectionError, getConnectionSummary, renameConnection } from "@/lib/connections";
import { renameConnectionSchema } from "@/lib/connections/authorize/inputs";
import { db } from "@/lib/db";

export const renameConnectionAction = guardedAction(
  { name: "connection.rename", permission: "connections.manage", input: renameConnectionSchema },
  async ({ id, nickname }, ctx) => {
    const before = await getConnectionSummary(db(), id);
    if (!before) throw new ActionFailure("NOT_FOUND", "This connection no longer exists.");
    try {
      await renameConnection(db(), id, nickname);
    } catch (error) {
      if (error instanceof ConnectionError && error.code === "NICKNAME_TAKEN") {
        throw new ActionFailure("CONFLICT", "Another connection already has this nickname.", { nickname: ["Another connection already has this nickname."] });
      }
      if (error instanceof ConnectionError && error.code === "NOT_FOUND") throw new ActionFailure("NOT_FOUND", "This connection no longer exists.");
      throw error;
    }
    await ctx.audit({ action: "connection.rename", outcome: "SUCCESS", connectionId: id, target: nickname, details: { from: before.nickname, to: nickname } });
    revalidate("/connections");
    return { id, nickname };
  },
);
