// The bulk page's toasts: one for each transition the poll sees finish, none for a first look (an
// already finished job opened from the list) nor for a poll that saw no change; errors never toast.
import { describe, expect, it } from "vitest";
import { emptyCounts, type BulkCounts, type BulkJobStatus } from "@/lib/bulk/types";
import type { BulkProgress } from "@/lib/bulk/service";
import { actionToast, transitionToast } from "./job-toasts";

function progress(status: BulkJobStatus, counts: Partial<BulkCounts>): BulkProgress {
  return {
    job: { id: "j1", status, targetRealmName: "Staff", selectionKind: "csv", selectionSummary: "users.csv", total: 5, maxApiCapacity: 90, lastError: null, previewRequests: 1, startedAt: null, finishedAt: null },
    counts: { ...emptyCounts(), ...counts },
    remaining: 0,
    preview: { resolved: 5, total: 5, requests: 1, etaSeconds: null },
    ratePerMinute: null,
    limitPerMinute: null,
    plan: { requests: 0, ratePerMinute: null, seconds: null },
    etaSeconds: null,
  };
}

describe("transitionToast", () => {
  it("says the preview is ready when it goes from resolving to previewed, with who is blocked or missing", () => {
    expect(transitionToast("RESOLVING", progress("PREVIEW", { PENDING: 3 }))).toBe("Preview ready: 3 will move");
    expect(transitionToast("RESOLVING", progress("PREVIEW", { PENDING: 3, BLOCKED: 1, NOT_FOUND: 1 }))).toBe("Preview ready: 3 will move, 1 blocked, 1 not found");
  });

  it("says how many moved when the job completes, and how many failed", () => {
    expect(transitionToast("RUNNING", progress("COMPLETED", { MOVED: 3, NOT_FOUND: 1 }))).toBe("Moved 3 users to Staff");
    expect(transitionToast("PREVIEW", progress("COMPLETED", { MOVED: 1 }))).toBe("Moved 1 user to Staff"); // finished between two polls
    expect(transitionToast("RUNNING", progress("COMPLETED", { MOVED: 2, FAILED: 1 }))).toBe("Moved 2 users to Staff; 1 failed (see the job's users)");
    expect(transitionToast("CANCELLING", progress("CANCELLED", { MOVED: 2, CANCELLED: 3 }))).toBe("Cancelled: 2 users moved to Staff before it stopped");
  });

  it("is silent on the first look, on a poll without change, on errors and on what an action already announced", () => {
    expect(transitionToast(null, progress("COMPLETED", { MOVED: 3 }))).toBeNull();
    expect(transitionToast(null, progress("PREVIEW", { PENDING: 3 }))).toBeNull();
    expect(transitionToast("COMPLETED", progress("COMPLETED", { MOVED: 3 }))).toBeNull();
    expect(transitionToast("PREVIEW", progress("PREVIEW", { PENDING: 3 }))).toBeNull();
    expect(transitionToast("RESOLVING", progress("FAILED", {}))).toBeNull();
    expect(transitionToast("RUNNING", progress("PAUSED", { MOVED: 1, PENDING: 2 }))).toBeNull();
    expect(transitionToast("PREVIEW", progress("QUEUED", { PENDING: 3 }))).toBeNull();
    expect(transitionToast("QUEUED", progress("CANCELLED", { CANCELLED: 3 }))).toBeNull();
  });
});

describe("actionToast", () => {
  it("names what happened to the move into the realm", () => {
    expect(actionToast("start", progress("PREVIEW", { PENDING: 3 }))).toBe("Started moving 3 users to Staff");
    expect(actionToast("pause", progress("RUNNING", {}))).toBe("Paused the move to Staff");
    expect(actionToast("resume", progress("PAUSED", {}))).toBe("Resumed the move to Staff");
    expect(actionToast("cancel", progress("QUEUED", {}), "CANCELLED")).toBe("Cancelled the move to Staff");
    expect(actionToast("cancel", progress("RUNNING", {}), "CANCELLING")).toBe("Cancelling the move to Staff: the moves already sent finish first");
  });
});
