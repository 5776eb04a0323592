import { ActionFailure, guardedRoute } from "@/lib/auth/guard";
import { bulkJobInput } from "@/lib/bulk/inputs";
import { resultCsvRow, resultsCsvHeader } from "@/lib/bulk/results-csv";
import { getJob, listItems } from "@/lib/bulk/store";
import { bulkServiceDeps } from "@/lib/jobs/server";

/** Per-user results of a job as CSV, streamed page by page (a job can hold tens of thousands of users). */
export const GET = guardedRoute({ name: "bulk.results", permission: "realms.read", input: bulkJobInput }, async (input) => {
  const { pool } = bulkServiceDeps();
  const job = await getJob(pool, input.jobId);
  if (!job || job.connectionId !== input.connectionId) throw new ActionFailure("NOT_FOUND", "This job no longer exists.");
  const encoder = new TextEncoder();
  let after = 0;
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(resultsCsvHeader()));
        return;
      }
      const items = await listItems(pool, job.id, { afterSeq: after, limit: 2_000 });
      if (items.length === 0) return controller.close();
      after = items[items.length - 1]?.seq ?? after;
      controller.enqueue(encoder.encode(items.map(resultCsvRow).join("")));
    },
  });
  const name = `bulk-move-${job.targetRealmName.replace(/[^A-Za-z0-9._-]+/g, "_")}-${job.id.slice(0, 8)}.csv`;
  return new Response(body, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
  });
});
