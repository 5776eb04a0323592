import { ActionFailure, guardedRoute } from "@/lib/auth/guard";
import { bulkItemsInput } from "@/lib/bulk/inputs";
import { BulkRefusal, bulkItemPage } from "@/lib/bulk/service";
import { bulkServiceDeps } from "@/lib/jobs/server";

/** One page of a job's items for the page's table (state filter, keyset on the item's position). Reads only. */
export const GET = guardedRoute({ name: "bulk.items", permission: "realms.read", input: bulkItemsInput }, async (input) => {
  try {
    return Response.json(await bulkItemPage(bulkServiceDeps(), input.connectionId, input.jobId, input.state, input.after), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof BulkRefusal) throw new ActionFailure(error.code, error.message);
    throw error;
  }
});
