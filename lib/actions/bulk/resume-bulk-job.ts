"use server";

import { guardedAction } from "@/lib/auth/guard";
import { bulkJobInput } from "@/lib/bulk/inputs";
import { resumeBulkJob as run } from "@/lib/bulk/service";
import { asAction, bulkJobTarget } from "@/lib/jobs/bulk-actions";
import { bulkResultsHref } from "@/lib/jobs/bulk-audit";
import { bulkServiceDeps } from "@/lib/jobs/server";
import { notifyBulkWorker } from "@/lib/jobs/app-worker";

/** Resumes a paused job where it stopped. */
export const resumeBulkJob = guardedAction({ name: "bulk.resume", permission: "realms.write", input: bulkJobInput }, async (input, ctx) =>
  asAction(input.connectionId, async () => {
    await run(bulkServiceDeps(), input.connectionId, input.jobId, notifyBulkWorker);
    await ctx.audit({
      action: "bulk.resume",
      outcome: "SUCCESS",
      connectionId: input.connectionId,
      target: bulkJobTarget(input.jobId),
      details: { jobId: input.jobId, results: bulkResultsHref(input.connectionId, input.jobId) },
    });
    return { jobId: input.jobId };
  }),
);
