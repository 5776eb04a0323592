"use server";

import { guardedAction } from "@/lib/auth/guard";
import { bulkJobInput } from "@/lib/bulk/inputs";
import { cancelBulkJob as run } from "@/lib/bulk/service";
import { asAction, bulkJobEvent } from "@/lib/jobs/bulk-actions";
import { bulkServiceDeps } from "@/lib/jobs/server";

/** Cancels a job; users not yet moved stay where they are. */
export const cancelBulkJob = guardedAction({ name: "bulk.cancel", permission: "realms.write", input: bulkJobInput }, async (input, ctx) =>
  asAction(input.connectionId, async () => {
    const status = await run(bulkServiceDeps(), input.connectionId, input.jobId);
    await ctx.audit(await bulkJobEvent("bulk.cancel", input, { status }));
    // The page says which: stopped now, or once the moves already sent have finished.
    return { jobId: input.jobId, status };
  }),
);
