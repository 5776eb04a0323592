import "server-only";
import { ActionFailure } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { BulkRefusal } from "@/lib/bulk/service";

/** The audit target of a bulk job's events (the action's name says what was done to it). */
export const bulkJobTarget = (jobId: string) => `bulk-job:${jobId}`;

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
