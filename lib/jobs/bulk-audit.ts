// The one audit event per bulk job, written when it completes or is cancelled (per-user results stay
// in BulkMoveItem). Written with the worker's own Prisma client: it runs outside any request.
import { redactDetails } from "@/lib/audit/redact";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { BulkCounts, BulkJobRow } from "@/lib/bulk/types";

export const BULK_AUDIT_ACTION = "bulk.move";

/** The job's per-user results CSV (app/api/bulk/results/route.ts). */
export function bulkResultsHref(connectionId: string, jobId: string): string {
  return `/api/bulk/results?${new URLSearchParams({ connectionId, jobId }).toString()}`;
}

export function bulkAuditWriter(db: Pick<PrismaClient, "auditEvent">) {
  return async (job: BulkJobRow, counts: BulkCounts): Promise<void> => {
    const details = {
      jobId: job.id,
      status: job.status,
      selection: { kind: job.selectionKind, summary: job.selectionSummary },
      targetRealm: job.targetRealmName,
      ...(job.targetRealmName ? { targetName: job.targetRealmName } : {}),
      total: job.total,
      moved: counts.MOVED,
      skipped: counts.SKIPPED,
      blocked: counts.BLOCKED,
      notFound: counts.NOT_FOUND,
      failed: counts.FAILED,
      cancelled: counts.CANCELLED,
      maxApiCapacity: job.maxApiCapacity,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      results: bulkResultsHref(job.connectionId, job.id),
    };
    await db.auditEvent.create({
      data: {
        action: BULK_AUDIT_ACTION,
        outcome: counts.FAILED > 0 ? "FAILURE" : "SUCCESS",
        actorId: job.createdById,
        actorEmail: job.createdByEmail,
        connectionId: job.connectionId,
        target: `realm:${job.targetRealmId}`,
        details: redactDetails(details) as Prisma.InputJsonValue,
      },
    });
  };
}
