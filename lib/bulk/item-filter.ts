// The bulk items table's state filter and the words for each item state: shared by the items route
// (which statuses a filter reads) and the page (the filter's options, a row's state). Pure.
import type { BulkItemStatus } from "./types";

/** Rows per page of a job's items (the route answers at most this many). */
export const ITEM_PAGE_SIZE = 50;

export const ITEM_FILTERS = {
  all: { label: "All", statuses: null },
  pending: { label: "Will move", statuses: ["PENDING", "IN_FLIGHT"] },
  blocked: { label: "Blocked", statuses: ["BLOCKED"] },
  notFound: { label: "Not found", statuses: ["NOT_FOUND"] },
  failed: { label: "Failed", statuses: ["FAILED"] },
  moved: { label: "Moved", statuses: ["MOVED"] },
  skipped: { label: "Skipped", statuses: ["SKIPPED"] },
  cancelled: { label: "Cancelled", statuses: ["CANCELLED"] },
} as const satisfies Record<string, { label: string; statuses: readonly BulkItemStatus[] | null }>;

export type ItemFilter = keyof typeof ITEM_FILTERS;
export const ITEM_FILTER_NAMES = Object.keys(ITEM_FILTERS) as [ItemFilter, ...ItemFilter[]];

export const ITEM_STATUS_LABEL: Record<BulkItemStatus, string> = {
  UNRESOLVED: "Resolving…",
  PENDING: "Will move",
  IN_FLIGHT: "Moving…",
  MOVED: "Moved",
  SKIPPED: "Skipped",
  BLOCKED: "Blocked",
  NOT_FOUND: "Not found",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
};
