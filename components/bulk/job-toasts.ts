// The "done" messages of the bulk page: one per transition the admin caused or waited for. Errors
// (a failed preview, a job paused by Okta) are not here: they stay in the job panel. Pure.
import { plural } from "@/components/ui/plural";
import type { BulkProgress } from "@/lib/bulk/service";
import type { BulkJobStatus } from "@/lib/bulk/types";

/**
 * The toast for what the poll saw change, from `previous` (null: the first look at the job, so an
 * already finished job opened from the list says nothing) to `next`; null when nothing finished.
 */
export function transitionToast(previous: BulkJobStatus | null, next: BulkProgress): string | null {
  const { job, counts } = next;
  if (previous === null || previous === job.status) return null;
  if (previous === "RESOLVING" && job.status === "PREVIEW") {
    const others = [counts.BLOCKED > 0 ? `${counts.BLOCKED} blocked` : "", counts.NOT_FOUND > 0 ? `${counts.NOT_FOUND} not found` : ""].filter(Boolean);
    return `Preview ready: ${counts.PENDING} will move${others.length > 0 ? `, ${others.join(", ")}` : ""}`;
  }
  if (job.status === "COMPLETED") {
    const moved = `Moved ${plural(counts.MOVED, "user")} to ${job.targetRealmName}`;
    return counts.FAILED > 0 ? `${moved}; ${counts.FAILED} failed (see the job's users)` : moved;
  }
  // Cancelled by the action while waiting: the action already said so.
  if (previous === "CANCELLING" && job.status === "CANCELLED") return `Cancelled: ${plural(counts.MOVED, "user")} moved to ${job.targetRealmName} before it stopped`;
  return null;
}

export type JobAction = "start" | "pause" | "resume" | "cancel";

/** The toast once an action on the job succeeded (`outcome`: what cancel answered). */
export function actionToast(action: JobAction, progress: BulkProgress, outcome?: unknown): string {
  const target = progress.job.targetRealmName;
  switch (action) {
    case "start":
      return `Started moving ${plural(progress.counts.PENDING, "user")} to ${target}`;
    case "pause":
      return `Paused the move to ${target}`;
    case "resume":
      return `Resumed the move to ${target}`;
    case "cancel":
      return outcome === "CANCELLING" ? `Cancelling the move to ${target}: the moves already sent finish first` : `Cancelled the move to ${target}`;
  }
}
