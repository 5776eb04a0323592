"use server";

import { ActionFailure, guardedAction } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { runConnectionTest } from "@/lib/connections/authorize/test-call";
import { testConnectionSchema } from "@/lib/connections/authorize/inputs";
import { getConnectionSummary } from "@/lib/connections";
import { db } from "@/lib/db";

/**
 * "Test": refreshes the access token and makes one cheap authorized call (list one realm). The
 * result is data either way (a failed test is a successful run); a failure also updates the status.
 */
export const testConnectionAction = guardedAction(
  { name: "connection.test", permission: "connections.manage", input: testConnectionSchema },
  async ({ id }, ctx) => {
    const summary = await getConnectionSummary(db(), id);
    if (!summary) throw new ActionFailure("NOT_FOUND", "This connection no longer exists.");
    const result = await runConnectionTest(summary, { id: ctx.member.userId, email: ctx.member.email });
    await ctx.audit({
      action: "connection.test",
      outcome: result.healthy ? "SUCCESS" : "FAILURE",
      connectionId: id,
      target: summary.nickname,
      oktaRequestId: result.oktaRequestId ?? null,
      referenceId: result.healthy ? null : (result.referenceId ?? null),
      details: result.healthy ? { latencyMs: result.latencyMs, grantedScopes: result.grantedScopes } : { code: result.code, status: result.status },
    });
    revalidate("/connections");
    return result;
  },
);
