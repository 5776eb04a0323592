"use server";

import { guardedAction } from "@/lib/auth/guard";
import { previewBulkMoveInput } from "@/lib/bulk/inputs";
import { parseUserCsv, type Selection } from "@/lib/bulk/selection";
import { previewBulkMove as preview } from "@/lib/bulk/service";
import { asAction, bulkJobTarget } from "@/lib/jobs/bulk-actions";
import { bulkServiceDeps } from "@/lib/jobs/server";

/** The dry run: resolves the selection, classifies every user, and saves the job (not started). */
export const previewBulkMove = guardedAction({ name: "bulk.preview", permission: "realms.write", input: previewBulkMoveInput }, async (input, ctx) =>
  asAction(input.connectionId, async () => {
    let selection: Selection;
    let summary: string;
    if (input.source === "csv") {
      const { entries } = parseUserCsv(input.csv ?? "");
      selection = { kind: "csv", entries, summary: input.fileName ?? "pasted CSV" };
      summary = `${input.fileName ?? "pasted CSV"} (${entries.length} entries)`;
    } else if (input.source === "search") {
      selection = { kind: "search", expression: input.search ?? "" };
      summary = input.search ?? "";
    } else {
      selection = { kind: "realm", realmId: input.sourceRealmId ?? "" };
      summary = `all users of realm ${input.sourceRealmId ?? ""}`;
    }
    const result = await preview(bulkServiceDeps(), {
      connectionId: input.connectionId,
      targetRealmId: input.targetRealmId,
      selection,
      selectionSummary: summary,
      maxApiCapacity: input.maxApiCapacity,
      actor: { id: ctx.member.userId, email: ctx.member.email },
    });
    await ctx.audit({
      action: "bulk.preview",
      outcome: "SUCCESS",
      connectionId: input.connectionId,
      target: bulkJobTarget(result.jobId),
      details: { jobId: result.jobId, targetRealmId: input.targetRealmId, selection: summary, counts: result.counts, truncated: result.truncated },
    });
    return result;
  }),
);
