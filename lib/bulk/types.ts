// Shapes shared by the bulk-move engine, its store and the page. Pure.

export type BulkJobStatus = "RESOLVING" | "PREVIEW" | "QUEUED" | "RUNNING" | "PAUSED" | "CANCELLING" | "CANCELLED" | "COMPLETED" | "FAILED";
export type BulkItemStatus = "UNRESOLVED" | "PENDING" | "IN_FLIGHT" | "MOVED" | "SKIPPED" | "BLOCKED" | "NOT_FOUND" | "FAILED" | "CANCELLED";

/** States in which a worker should be running the job (or pick it up): the preview (RESOLVING) and the move. */
export const ACTIVE_JOB_STATUSES: readonly BulkJobStatus[] = ["RESOLVING", "QUEUED", "RUNNING", "CANCELLING"];
export const FINISHED_JOB_STATUSES: readonly BulkJobStatus[] = ["CANCELLED", "COMPLETED", "FAILED"];

export type SelectionKind = "csv" | "search" | "realm";

/** One user named by the selection, classified by the preview. */
export type PreviewItem = {
  input: string;
  userId: string | null;
  login: string | null;
  email: string | null;
  fromRealmId: string | null;
  /** PENDING = will move; SKIPPED = already in the target realm; BLOCKED = the realm's domains refuse them. */
  status: Extract<BulkItemStatus, "PENDING" | "SKIPPED" | "BLOCKED" | "NOT_FOUND">;
  message: string | null;
};

export type BulkJobRow = {
  id: string;
  connectionId: string;
  targetRealmId: string;
  targetRealmName: string;
  selectionKind: SelectionKind;
  selectionSummary: string;
  /** The search expression or the source realm's id (null for a CSV: its entries are the items). */
  selectionValue: string | null;
  status: BulkJobStatus;
  maxApiCapacity: number;
  lanes: number;
  total: number;
  createdById: string | null;
  createdByEmail: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  lastError: string | null;
  auditedAt: Date | null;
  previewRequests: number;
  previewStartedAt: Date | null;
  previewFinishedAt: Date | null;
};

export type BulkCounts = Record<BulkItemStatus, number>;

export const emptyCounts = (): BulkCounts => ({
  UNRESOLVED: 0,
  PENDING: 0,
  IN_FLIGHT: 0,
  MOVED: 0,
  SKIPPED: 0,
  BLOCKED: 0,
  NOT_FOUND: 0,
  FAILED: 0,
  CANCELLED: 0,
});

export type BulkItemRow = {
  seq: number;
  input: string;
  userId: string | null;
  login: string | null;
  email: string | null;
  fromRealmId: string | null;
  status: BulkItemStatus;
  attempts: number;
  message: string | null;
  oktaRequestId: string | null;
  changedAt: Date;
};
