"use server";

import { guardedAction } from "@/lib/auth/guard";
import { bulkJobInput } from "@/lib/bulk/inputs";
import { startBulkJob as run } from "@/lib/bulk/service";
import { asAction } from "@/lib/jobs/bulk-actions";
import { bulkServiceDeps } from "@/lib/jobs/server";
import { notifyBulkWorker } from "@/lib/jobs/app-worker";

/** Starts a previewed job (any app instance's worker picks it up). */
export const startBulkJob = guardedAction({ name: "bulk.start", permission: "realms.write", input: bulkJobInput }, async (input) =>
  asAction(input.connectionId, async () => {
    await run(bulkServiceDeps(), input.connectionId, input.jobId, notifyBulkWorker);
    return { jobId: input.jobId };
  }),
);
