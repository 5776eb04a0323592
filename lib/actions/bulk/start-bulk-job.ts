"use server";

import { guardedAction } from "@/lib/auth/guard";
import { bulkJobInput } from "@/lib/bulk/inputs";
import { startBulkJob as run } from "@/lib/bulk/service";
import { asAction, bulkJobEvent } from "@/lib/jobs/bulk-actions";
import { bulkServiceDeps } from "@/lib/jobs/server";
import { notifyBulkWorker } from "@/lib/jobs/app-worker";

/** Starts a previewed job (any app instance's worker picks it up). */
export const startBulkJob = guardedAction({ name: "bulk.start", permission: "realms.write", input: bulkJobInput }, async (input, ctx) =>
  asAction(input.connectionId, async () => {
    await run(bulkServiceDeps(), input.connectionId, input.jobId, notifyBulkWorker);
    await ctx.audit(await bulkJobEvent("bulk.start", input));
    return { jobId: input.jobId };
  }),
);
