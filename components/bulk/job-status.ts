// A bulk job's states in words, and which of them are over. Pure.
import type { BulkJobStatus } from "@/lib/bulk/types";

export const FINISHED = new Set<string>(["COMPLETED", "CANCELLED", "FAILED"]);

/** States in which the job's items still change on their own (the worker is at it). */
export const CHANGING = new Set<string>(["RESOLVING", "QUEUED", "RUNNING", "CANCELLING"]);

export const JOB_STATUS_LABEL: Record<BulkJobStatus, string> = {
  RESOLVING: "Previewing",
  PREVIEW: "Previewed",
  QUEUED: "Queued",
  RUNNING: "Running",
  PAUSED: "Paused",
  CANCELLING: "Cancelling",
  CANCELLED: "Cancelled",
  COMPLETED: "Completed",
  FAILED: "Failed",
};
