// What the bulk-move page's actions do, with explicit deps (the app wires them in lib/jobs/server.ts,
// tests pass their own). Every Okta call goes through the connection's client and the shared governor;
// scopes are checked before the first one.
import type pg from "pg";
import { ConnectionError, getConnectionSummary } from "@/lib/connections";
import { OktaError } from "@/lib/okta";
import { assertMoveScopes, BulkConnectionError, oktaClientForConnection, type BulkOktaDeps } from "@/lib/jobs/bulk-okta";
import { connectionRefusalMessage } from "./connection-failures";
import { previewSelection } from "./preview";
import { auditOnce } from "./runner";
import { cancelPendingItems, countItems, createPreviewJob, getJob, recentlyFinished, transition } from "./store";
import type { Selection } from "./selection";
import type { BulkCounts, BulkJobRow } from "./types";

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

export type PreviewSummary = { jobId: string; counts: BulkCounts; truncated: boolean };

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

export async function previewBulkMove(deps: BulkServiceDeps, input: PreviewInput): Promise<PreviewSummary> {
  await readyConnection(deps, input.connectionId);
  try {
    // The dry run is interactive work: it may use the whole budget (the job itself uses its share).
    const client = await oktaClientForConnection(deps, input.connectionId, 100);
    const target = await client.realms.get(input.targetRealmId);
    const preview = await previewSelection(client, input.selection, target);
    const jobId = await createPreviewJob(deps.pool, {
      connectionId: input.connectionId,
      targetRealmId: target.id,
      targetRealmName: target.profile.name,
      selectionKind: input.selection.kind,
      selectionSummary: input.selectionSummary,
      maxApiCapacity: input.maxApiCapacity,
      lanes: 16,
      createdById: input.actor.id,
      createdByEmail: input.actor.email,
      items: preview.items,
    });
    return { jobId, counts: await countItems(deps.pool, jobId), truncated: preview.truncated };
  } catch (error) {
    if (error instanceof OktaError || error instanceof BulkConnectionError) throw new BulkRefusal("UPSTREAM", error.message);
    // The transport fetches the access token before each request: no token is a readable refusal, not an internal error.
    const connectionMessage = connectionRefusalMessage(error);
    if (connectionMessage !== null) throw new BulkRefusal(error instanceof ConnectionError && error.code === "NOT_FOUND" ? "NOT_FOUND" : "UPSTREAM", connectionMessage);
    throw error;
  }
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
  if (!(await transition(deps.pool, jobId, ["PREVIEW", "QUEUED", "PAUSED"], "CANCELLED"))) throw new BulkRefusal("CONFLICT", "This job has already finished.");
  await cancelPendingItems(deps.pool, jobId);
  await auditOnce(deps, jobId);
  return "CANCELLED";
}

export type BulkProgress = {
  job: Pick<BulkJobRow, "id" | "status" | "targetRealmName" | "selectionKind" | "selectionSummary" | "total" | "maxApiCapacity" | "lastError"> & {
    startedAt: string | null;
    finishedAt: string | null;
  };
  counts: BulkCounts;
  remaining: number;
  /** Users finished per minute over the last 30 s. */
  ratePerMinute: number;
  /** The move endpoint's learned limit per minute (from X-Rate-Limit-Limit), when known. */
  limitPerMinute: number | null;
  etaSeconds: number | null;
};

export async function bulkProgress(deps: Pick<BulkServiceDeps, "pool" | "tokens">, connectionId: string, jobId: string): Promise<BulkProgress> {
  const job = await jobOf(deps.pool, jobId, connectionId);
  const counts = await countItems(deps.pool, jobId);
  const ratePerMinute = (await recentlyFinished(deps.pool, jobId, 30)) * 2;
  const { rows } = await deps.pool.query<{ limit: number | null }>(
    `SELECT b."limit" FROM "OktaRateBucket" b JOIN "Connection" c ON b."origin" = ('https://' || c."oktaDomain") OR b."origin" = ('http://' || c."oktaDomain")
     WHERE c."id" = $1 AND b."key" LIKE '% POST /api/v1/users/{id}' LIMIT 1`,
    [connectionId],
  );
  const remaining = counts.PENDING + counts.IN_FLIGHT;
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
      startedAt: job.startedAt?.toISOString() ?? null,
      finishedAt: job.finishedAt?.toISOString() ?? null,
    },
    counts,
    remaining,
    ratePerMinute,
    limitPerMinute: rows[0]?.limit ?? null,
    etaSeconds: ratePerMinute > 0 && job.status === "RUNNING" ? Math.round((remaining / ratePerMinute) * 60) : null,
  };
}
