import { ActionFailure, guardedRoute } from "@/lib/auth/guard";
import { bulkJobInput } from "@/lib/bulk/inputs";
import { BulkRefusal, bulkProgress } from "@/lib/bulk/service";
import { bulkServiceDeps } from "@/lib/jobs/server";

/** The bulk page's live progress (polled): counts, rate vs the org's limit, ETA. */
export const GET = guardedRoute({ name: "bulk.progress", permission: "realms.read", input: bulkJobInput }, async (input) => {
  try {
    return Response.json(await bulkProgress(bulkServiceDeps(), input.connectionId, input.jobId), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof BulkRefusal) throw new ActionFailure(error.code, error.message);
    throw error;
  }
});
