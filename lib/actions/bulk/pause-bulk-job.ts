"use server";

import { guardedAction } from "@/lib/auth/guard";
import { bulkJobInput } from "@/lib/bulk/inputs";
import { pauseBulkJob as run } from "@/lib/bulk/service";
import { asAction, bulkJobTarget } from "@/lib/jobs/bulk-actions";
import { bulkResultsHref } from "@/lib/jobs/bulk-audit";
import { bulkServiceDeps } from "@/lib/jobs/server";


/** Pauses a queued or running job after the moves in flight. */
export const pauseBulkJob = guardedAction({ name: "bulk.pause", permission: "realms.write", input: bulkJobInput }, async (input, ctx) =>
  asAction(input.connectionId, async () => {
    await run(bulkServiceDeps(), input.connectionId, input.jobId);
    await ctx.audit({
      action: "bulk.pause",
      outcome: "SUCCESS",
      connectionId: input.connectionId,
      target: bulkJobTarget(input.jobId),
      details: { jobId: input.jobId, results: bulkResultsHref(input.connectionId, input.jobId) },
    });
    return { jobId: input.jobId };
  }),
);
