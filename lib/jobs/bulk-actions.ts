import "server-only";
import { ActionFailure } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import type { AuditEntry } from "@/lib/audit/record";
import { BulkRefusal } from "@/lib/bulk/service";
import { getJob } from "@/lib/bulk/store";
import { bulkResultsHref } from "./bulk-audit";
import { bulkServiceDeps } from "./server";

/** The audit target of a bulk job's events (the action's name says what was done to it). */
export const bulkJobTarget = (jobId: string) => `bulk-job:${jobId}`;

/** How the Bulk moves page titles a job ("all users of Staff → Partners"), for the audit log. */
export function bulkJobTitle(job: { selectionSummary: string; targetRealmName: string }): string | undefined {
  return job.targetRealmName ? `${job.selectionSummary} → ${job.targetRealmName}` : undefined;
}

/** The audit line of an action on a job (start, pause, resume, cancel), the job named as the page titles it. */
export async function bulkJobEvent(action: string, input: { connectionId: string; jobId: string }, extra: Record<string, unknown> = {}): Promise<Omit<AuditEntry, "actor">> {
  const job = await getJob(bulkServiceDeps().pool, input.jobId);
  const targetName = job ? bulkJobTitle(job) : undefined;
  return {
    action,
    outcome: "SUCCESS",
    connectionId: input.connectionId,
    target: bulkJobTarget(input.jobId),
    details: { jobId: input.jobId, ...extra, results: bulkResultsHref(input.connectionId, input.jobId), ...(targetName ? { targetName } : {}) },
  };
}

// Shared by lib/actions/bulk/*: the service's refusals become the guard's expected failures.
export async function asAction<T>(connectionId: string, fn: () => Promise<T>): Promise<T> {
  try {
    const value = await fn();
    revalidate(`/connections/${connectionId}/bulk`, "page");
    return value;
  } catch (error) {
    if (error instanceof BulkRefusal) throw new ActionFailure(error.code, error.message);
    throw error;
  }
}
