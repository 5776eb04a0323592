"use server";

import { guardedAction } from "@/lib/auth/guard";
import { previewBulkMoveInput } from "@/lib/bulk/inputs";
import { parseUserCsv, type Selection } from "@/lib/bulk/selection";
import { previewBulkMove as preview } from "@/lib/bulk/service";
import { asAction, bulkJobTarget } from "@/lib/jobs/bulk-actions";
import { notifyBulkWorker } from "@/lib/jobs/app-worker";
import { bulkServiceDeps } from "@/lib/jobs/server";
import { db } from "@/lib/db";
import { knownNameOf } from "@/lib/realms/known-names";

/** Queues the dry run: the job resolves the selection and classifies every user in the background (the page follows it). */
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
      // The job names the realm once it has read it.
      summary = `all users of realm ${input.sourceRealmId ?? ""}`;
    }
    const result = await preview(bulkServiceDeps(), {
      connectionId: input.connectionId,
      targetRealmId: input.targetRealmId,
      selection,
      selectionSummary: summary,
      maxApiCapacity: input.maxApiCapacity,
      actor: { id: ctx.member.userId, email: ctx.member.email },
    }, notifyBulkWorker);
    // The job reads the target realm later; the name the realm picker last showed names it now.
    const targetRealm = await knownNameOf(db(), input.connectionId, `realm:${input.targetRealmId}`);
    await ctx.audit({
      action: "bulk.preview",
      outcome: "SUCCESS",
      connectionId: input.connectionId,
      target: bulkJobTarget(result.jobId),
      details: {
        jobId: result.jobId,
        targetRealmId: input.targetRealmId,
        selection: summary,
        entries: result.entries,
        truncated: result.truncated,
        ...(targetRealm ? { targetName: `${summary} → ${targetRealm}` } : {}),
      },
    });
    return result;
  }),
);
