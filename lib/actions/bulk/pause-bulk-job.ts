"use server";

import { guardedAction } from "@/lib/auth/guard";
import { bulkJobInput } from "@/lib/bulk/inputs";
import { pauseBulkJob as run } from "@/lib/bulk/service";
import { asAction, bulkJobEvent } from "@/lib/jobs/bulk-actions";
import { bulkServiceDeps } from "@/lib/jobs/server";

/** Pauses a queued or running job after the moves in flight. */
export const pauseBulkJob = guardedAction({ name: "bulk.pause", permission: "realms.write", input: bulkJobInput }, async (input, ctx) =>
  asAction(input.connectionId, async () => {
    await run(bulkServiceDeps(), input.connectionId, input.jobId);
    await ctx.audit(await bulkJobEvent("bulk.pause", input));
    return { jobId: input.jobId };
  }),
);
