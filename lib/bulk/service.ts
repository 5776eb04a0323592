// What the bulk-move page's actions do, with explicit deps (the app wires them in lib/jobs/server.ts,
// tests pass their own). Every Okta call goes through the connection's client and the shared governor;
// scopes are checked before the first one.
import type pg from "pg";
import { getConnectionSummary } from "@/lib/connections";
import { assertMoveScopes, type BulkOktaDeps } from "@/lib/jobs/bulk-okta";
import { auditOnce } from "./runner";
import { MAX_SELECTION, type Selection } from "./selection";
import { ITEM_FILTERS, ITEM_PAGE_SIZE, type ItemFilter } from "./item-filter";
import { cancelPendingItems, countItems, createResolvingJob, getJob, listItemPage, transition } from "./store";
import type { BulkCounts, BulkItemRow, BulkJobRow } from "./types";

export type BulkServiceDeps = BulkOktaDeps & { audit: (job: BulkJobRow, counts: BulkCounts) => Promise<void> };

/** A refusal the admin can act on (the action turns it into an ActionFailure). */
export class BulkRefusal extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "CONFLICT" | "RULE_VIOLATION" | "UPSTREAM",
    message: string,
  ) {
    super(message);
  }
}

export type PreviewInput = {
  connectionId: string;
  targetRealmId: string;
  selection: Selection;
  selectionSummary: string;
  maxApiCapacity: number;
  actor: { id: string | null; email: string | null };
};

export type PreviewSummary = { jobId: string; entries: number; truncated: boolean };

async function readyConnection(deps: BulkOktaDeps, connectionId: string) {
  const connection = await getConnectionSummary(deps.tokens.db, connectionId);
  if (!connection) throw new BulkRefusal("NOT_FOUND", "This connection no longer exists.");
  // Scopes first: refused with Okta's Insufficient Scope message before any call.
  try {
    assertMoveScopes(connection.grantedScopes);
  } catch (error) {
    throw new BulkRefusal("RULE_VIOLATION", error instanceof Error ? error.message : String(error));
  }
  return connection;
}

/**
 * Queues the preview: checks the connection, saves the job (a CSV's entries as its rows) and hands
 * it to the worker. No Okta call here, so the action answers at once whatever the file's size; the
 * job resolves the selection in the background and the page follows its progress.
 */
export async function previewBulkMove(deps: BulkServiceDeps, input: PreviewInput, notify?: (jobId: string) => Promise<void>): Promise<PreviewSummary> {
  await readyConnection(deps, input.connectionId);
  const entries = input.selection.kind === "csv" ? input.selection.entries.slice(0, MAX_SELECTION) : [];
  const jobId = await createResolvingJob(deps.pool, {
    connectionId: input.connectionId,
    targetRealmId: input.targetRealmId,
    selectionKind: input.selection.kind,
    selectionSummary: input.selectionSummary,
    selectionValue: input.selection.kind === "search" ? input.selection.expression : input.selection.kind === "realm" ? input.selection.realmId : null,
    maxApiCapacity: input.maxApiCapacity,
    lanes: 16,
    createdById: input.actor.id,
    createdByEmail: input.actor.email,
    entries,
  });
  await notify?.(jobId);
  return { jobId, entries: entries.length, truncated: input.selection.kind === "csv" && input.selection.entries.length > MAX_SELECTION };
}

async function jobOf(pool: pg.Pool, jobId: string, connectionId: string): Promise<BulkJobRow> {
  const job = await getJob(pool, jobId);
  if (!job || job.connectionId !== connectionId) throw new BulkRefusal("NOT_FOUND", "This job no longer exists.");
  return job;
}

/** Starts a previewed job: the next free worker of any instance picks it up (queue monitor). */
export async function startBulkJob(deps: BulkServiceDeps, connectionId: string, jobId: string, notify?: (jobId: string) => Promise<void>): Promise<void> {
  await jobOf(deps.pool, jobId, connectionId);
  await readyConnection(deps, connectionId);
  if (!(await transition(deps.pool, jobId, ["PREVIEW"], "QUEUED"))) throw new BulkRefusal("CONFLICT", "This job has already been started.");
  await notify?.(jobId);
}

export async function pauseBulkJob(deps: BulkServiceDeps, connectionId: string, jobId: string): Promise<void> {
  await jobOf(deps.pool, jobId, connectionId);
  if (!(await transition(deps.pool, jobId, ["QUEUED", "RUNNING"], "PAUSED"))) throw new BulkRefusal("CONFLICT", "Only a queued or running job can be paused.");
}

export async function resumeBulkJob(deps: BulkServiceDeps, connectionId: string, jobId: string, notify?: (jobId: string) => Promise<void>): Promise<void> {
  await jobOf(deps.pool, jobId, connectionId);
  await readyConnection(deps, connectionId);
  if (!(await transition(deps.pool, jobId, ["PAUSED"], "QUEUED", { lastError: null }))) throw new BulkRefusal("CONFLICT", "Only a paused job can be resumed.");
  await notify?.(jobId);
}

/** A running job stops after the moves in flight; a waiting one stops at once. Either way one audit event. */
export async function cancelBulkJob(deps: BulkServiceDeps, connectionId: string, jobId: string): Promise<"CANCELLING" | "CANCELLED"> {
  await jobOf(deps.pool, jobId, connectionId);
  if (await transition(deps.pool, jobId, ["RUNNING"], "CANCELLING")) return "CANCELLING";
  if (!(await transition(deps.pool, jobId, ["RESOLVING", "PREVIEW", "QUEUED", "PAUSED"], "CANCELLED"))) throw new BulkRefusal("CONFLICT", "This job has already finished.");
  await cancelPendingItems(deps.pool, jobId);
  await auditOnce(deps, jobId);
  return "CANCELLED";
}

export type BulkProgress = {
  job: Pick<BulkJobRow, "id" | "status" | "targetRealmName" | "selectionKind" | "selectionSummary" | "total" | "maxApiCapacity" | "lastError" | "previewRequests"> & {
    startedAt: string | null;
    finishedAt: string | null;
  };
  counts: BulkCounts;
  remaining: number;
  /** The preview while it runs: entries resolved of the total, and its own ETA from its pace so far. */
  preview: { resolved: number; total: number; requests: number; etaSeconds: number | null };
  /**
   * Users finished per minute, measured over the last minute (or since the job started, when that is
   * shorter), and never above the limit Okta enforces for the move; null before any user finished.
   */
  ratePerMinute: number | null;
  /** The move endpoint's learned limit per minute (from X-Rate-Limit-Limit), when known. */
  limitPerMinute: number | null;
  /** The plan: one request per user to move, at the job's share of the learned limit. */
  plan: { requests: number; ratePerMinute: number | null; seconds: number | null };
  etaSeconds: number | null;
};

/** The job's pace, as the database clock sees it: users finished in the last `windowSeconds` and the span they count over. */
async function pace(db: BulkServiceDeps["pool"], jobId: string, windowSeconds: number): Promise<{ finished: number; seconds: number; previewSeconds: number }> {
  const { rows } = await db.query<{ finished: string; seconds: number | null; previewSeconds: number | null }>(
    `SELECT (SELECT count(*) FROM "BulkMoveItem" WHERE "jobId" = $1 AND "status" IN ('MOVED', 'FAILED') AND "changedAt" > now() - make_interval(secs => $2)) AS finished,
            LEAST($2, EXTRACT(EPOCH FROM now() - j."startedAt"))::float8 AS seconds,
            EXTRACT(EPOCH FROM COALESCE(j."previewFinishedAt", now()) - j."previewStartedAt")::float8 AS "previewSeconds"
     FROM "BulkMoveJob" j WHERE j."id" = $1`,
    [jobId, windowSeconds],
  );
  const row = rows[0];
  return { finished: Number(row?.finished ?? 0), seconds: row?.seconds ?? 0, previewSeconds: row?.previewSeconds ?? 0 };
}

export async function bulkProgress(deps: Pick<BulkServiceDeps, "pool" | "tokens">, connectionId: string, jobId: string): Promise<BulkProgress> {
  const job = await jobOf(deps.pool, jobId, connectionId);
  const counts = await countItems(deps.pool, jobId);
  const { rows } = await deps.pool.query<{ limit: number | null }>(
    `SELECT b."limit" FROM "OktaRateBucket" b JOIN "Connection" c ON b."origin" = ('https://' || c."oktaDomain") OR b."origin" = ('http://' || c."oktaDomain")
     WHERE c."id" = $1 AND b."key" LIKE '% POST /api/v1/users/{id}' LIMIT 1`,
    [connectionId],
  );
  const limitPerMinute = rows[0]?.limit ?? null;
  const share = job.maxApiCapacity / 100;
  const allowed = limitPerMinute === null ? null : limitPerMinute * share;
  const remaining = counts.PENDING + counts.IN_FLIGHT;
  const p = await pace(deps.pool, jobId, 60);
  // Measured over the time the job has actually run (not a fixed window it hasn't filled yet), and
  // capped at what Okta lets through: a burst of answers landing together is not a faster pace.
  const measured = p.seconds >= 3 && p.finished > 0 ? (p.finished / p.seconds) * 60 : null;
  const ratePerMinute = measured === null ? null : Math.round(limitPerMinute === null ? measured : Math.min(measured, limitPerMinute));
  const effective = ratePerMinute === null ? allowed : allowed === null ? ratePerMinute : Math.min(ratePerMinute, allowed);
  // Entries the job has classified so far (a CSV's entries become items when the job starts).
  const resolved = Object.values(counts).reduce((a, b) => a + b, 0) - counts.UNRESOLVED;
  const previewEta = job.status === "RESOLVING" && resolved > 0 && p.previewSeconds > 0 ? Math.round(((job.total - resolved) * p.previewSeconds) / resolved) : null;
  const moving = job.status === "RUNNING" || job.status === "QUEUED" || job.status === "PREVIEW";
  return {
    job: {
      id: job.id,
      status: job.status,
      targetRealmName: job.targetRealmName,
      selectionKind: job.selectionKind,
      selectionSummary: job.selectionSummary,
      total: job.total,
      maxApiCapacity: job.maxApiCapacity,
      lastError: job.lastError,
      previewRequests: job.previewRequests,
      startedAt: job.startedAt?.toISOString() ?? null,
      finishedAt: job.finishedAt?.toISOString() ?? null,
    },
    counts,
    remaining,
    preview: { resolved, total: job.total, requests: job.previewRequests, etaSeconds: previewEta },
    ratePerMinute,
    limitPerMinute,
    plan: { requests: remaining, ratePerMinute: allowed, seconds: allowed ? Math.round((remaining / allowed) * 60) : null },
    etaSeconds: moving && effective ? Math.round((remaining / effective) * 60) : null,
  };
}

/** A row of the page's items table: what the selection named, who it resolved to, and how it ended (or will). */
export type BulkItemView = Pick<BulkItemRow, "seq" | "input" | "userId" | "login" | "email" | "status" | "message" | "oktaRequestId">;
export type BulkItemPage = { items: BulkItemView[]; nextAfter: number | null };

/** One page (ITEM_PAGE_SIZE rows) of the job's items in a state, after position `after`. Reads only. */
export async function bulkItemPage(deps: Pick<BulkServiceDeps, "pool">, connectionId: string, jobId: string, filter: ItemFilter, after: number): Promise<BulkItemPage> {
  await jobOf(deps.pool, jobId, connectionId);
  const page = await listItemPage(deps.pool, jobId, { afterSeq: after, limit: ITEM_PAGE_SIZE, statuses: ITEM_FILTERS[filter].statuses });
  return {
    items: page.items.map((i) => ({ seq: i.seq, input: i.input, userId: i.userId, login: i.login, email: i.email, status: i.status, message: i.message, oktaRequestId: i.oktaRequestId })),
    nextAfter: page.nextAfter,
  };
}
