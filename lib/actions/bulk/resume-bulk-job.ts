"use server";

import { guardedAction } from "@/lib/auth/guard";
import { bulkJobInput } from "@/lib/bulk/inputs";
import { resumeBulkJob as run } from "@/lib/bulk/service";
import { asAction, bulkJobEvent } from "@/lib/jobs/bulk-actions";
import { bulkServiceDeps } from "@/lib/jobs/server";
import { notifyBulkWorker } from "@/lib/jobs/app-worker";

/** Resumes a paused job where it stopped. */
export const resumeBulkJob = guardedAction({ name: "bulk.resume", permission: "realms.write", input: bulkJobInput }, async (input, ctx) =>
  asAction(input.connectionId, async () => {
    await run(bulkServiceDeps(), input.connectionId, input.jobId, notifyBulkWorker);
    await ctx.audit(await bulkJobEvent("bulk.resume", input));
    return { jobId: input.jobId };
  }),
);
