// Runs one bulk-move job: claims it (a lease renewed by heartbeat, so only one worker runs it and a
// dead worker's claim lapses), then moves its PENDING users with `lanes` requests in flight (the
// governor paces them to the org's budget), recording each user's outcome as it happens. Pause and
// cancel arrive through the job row. Pure (no Next): the app's pg-boss worker, the benchmark and the
// tests call it the same way.
//
// Never twice: a user is sent at most once per successful move. Users a dead worker left IN_FLIGHT,
// and users whose POST ended in a 5xx/timeout (Okta may have applied it), are read back first and
// counted as moved when they are already in the target realm.
import type pg from "pg";
import {
  OktaError,
  OktaNotFoundError,
  OktaOutcomeUnknownError,
  OktaRateLimitedError,
  OktaUpstreamError,
  OktaValidationError,
  type OktaClient,
  type OktaUser,
} from "@/lib/okta";
import {
  claimItem,
  claimJob,
  countItems,
  finishItem,
  getJob,
  markAudited,
  releaseClaim,
  renewClaim,
  requeueInFlight,
  transition,
  cancelPendingItems,
  type ClaimedItem,
  type ItemOutcome,
} from "./store";
import { connectionFatalMessage, isTransientConnectionError } from "./connection-failures";
import { resolvePreviewJob } from "./preview-job";
import type { BulkCounts, BulkJobRow, BulkJobStatus } from "./types";

export type RunnerDeps = {
  pool: pg.Pool;
  /** Names this worker in the job's lease. */
  workerId: string;
  /** The Okta client for the job's connection, paced by the shared governor at the job's capacity. */
  clientFor(job: BulkJobRow): Promise<OktaClient>;
  /** Writes the job's one audit event (called once per job, whoever finishes it). */
  audit(job: BulkJobRow, counts: BulkCounts): Promise<void>;
  /** Claim length; renewed every third of it. Default 15 s. */
  leaseMs?: number;
  /** Attempts per user before FAILED (5xx, timeouts, 429s beyond the transport's waits). Default 6. */
  maxAttempts?: number;
  /** Stops the run (process shutdown): the claim is released, the job stays RUNNING for the next worker. */
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** First wait after the access token couldn't be refreshed; doubles per consecutive failure, up to 30 s. Default 500 ms. */
  refreshBackoffMs?: number;
  /** CSV entries a preview resolves and saves per step. Default 1,000. */
  previewChunk?: number;
};

export type RunResult = "finished" | "paused" | "not-claimed" | "stopped" | "lost";

/**
 * Errors no retry fixes: the job pauses with the returned message so an admin can fix the connection
 * and resume. Okta's refusals, and the connection's own (its token can't be had: reauthorization
 * needed, never authorized, connection deleted), which the transport raises before sending anything.
 */
function fatalMessage(error: unknown): string | null {
  if (error instanceof OktaError && ["insufficient_scope", "unauthorized", "forbidden", "feature_not_enabled"].includes(error.code)) return error.message;
  return connectionFatalMessage(error);
}

class FatalJobError extends Error {}

export async function runBulkJob(deps: RunnerDeps, jobId: string): Promise<RunResult> {
  const leaseMs = deps.leaseMs ?? 15_000;
  const maxAttempts = deps.maxAttempts ?? 6;
  const log = deps.log ?? (() => {});
  const job = await claimJob(deps.pool, jobId, deps.workerId, leaseMs);
  if (!job) return "not-claimed";

  let status: BulkJobStatus | null = job.status;
  let fatal: string | null = null;
  // A lane failed (the database went away): the others finish the user they hold and stop, so no
  // lane outlives this run and races the next worker's read-back of the users left in flight.
  let crashed = false;
  const stopped = () => deps.signal?.aborted === true || status !== "RUNNING" || fatal !== null || crashed;

  const heartbeat = setInterval(() => {
    renewClaim(deps.pool, jobId, deps.workerId, leaseMs)
      .then((s) => {
        status = s;
      })
      .catch((error: unknown) => log(`heartbeat failed: ${error instanceof Error ? error.message : String(error)}`));
  }, Math.max(200, Math.floor(leaseMs / 3)));

  try {
    if (job.status === "RESOLVING") {
      return await runPreview(deps, job, () => deps.signal?.aborted === true || status !== "RESOLVING", () => status);
    }
    const recovered = await requeueInFlight(deps.pool, jobId);
    if (recovered > 0) log(`job ${jobId}: ${recovered} users were in flight when the last worker stopped; they are read back before any retry`);

    if (job.status === "RUNNING") {
      let client: OktaClient;
      try {
        client = await deps.clientFor(job);
      } catch (error) {
        fatal = fatalMessage(error) ?? (error instanceof Error ? error.message : String(error));
        throw new FatalJobError(fatal);
      }
      // Only asked when Okta leaves realmId out (users of the default realm on some orgs).
      let targetIsDefault: Promise<boolean> | undefined;
      const isInTarget = async (user: OktaUser): Promise<boolean> => {
        if (user.realmId !== undefined) return user.realmId === job.targetRealmId;
        const asked = (targetIsDefault ??= isDefaultRealm(client, job));
        // A failure (no token just now) is not remembered: the next read-back asks again.
        return asked.catch((error: unknown) => {
          if (targetIsDefault === asked) targetIsDefault = undefined;
          throw error;
        });
      };

      // The access token couldn't be refreshed (a failure that may pass): every lane waits, longer
      // each time in a row, and the users go back to the queue without using up their attempts.
      const refreshBackoffMs = deps.refreshBackoffMs ?? 500;
      let refreshFailures = 0;
      let waitUntil = 0;
      const waitForToken = async (): Promise<void> => {
        while (!stopped() && Date.now() < waitUntil) await sleep(Math.min(200, waitUntil - Date.now()));
      };

      const processItem = async (item: ClaimedItem): Promise<ItemOutcome> => {
        try {
          if (item.needsVerify) {
            const current = await client.users.get(item.userId);
            if (await isInTarget(current)) return { status: "MOVED", message: "Confirmed in the realm after an interrupted attempt." };
          }
          await client.users.moveToRealm(item.userId, job.targetRealmId);
          return { status: "MOVED" };
        } catch (error) {
          if (error instanceof FatalJobError) throw error;
          const fatalReason = fatalMessage(error);
          if (fatalReason !== null) {
            fatal = fatalReason;
            throw new FatalJobError(fatalReason);
          }
          if (isTransientConnectionError(error)) {
            // Lanes failing together count once: the wait grows per round, not per lane.
            if (Date.now() >= waitUntil) {
              refreshFailures += 1;
              waitUntil = Date.now() + Math.min(30_000, refreshBackoffMs * 2 ** (refreshFailures - 1));
            }
            log(`job ${jobId}: the access token couldn't be refreshed (${error.message}); retrying after a pause`);
            // Nothing was sent for this user: it keeps its attempts.
            return { status: "PENDING", message: error.message, needsVerify: item.needsVerify, refundAttempt: true };
          }
          if (!(error instanceof OktaError)) {
            // Not Okta's answer: the client failed before sending (reading the token or the shared
            // rate budget from the database). Retried; the attempt counts, so a lasting fault ends.
            if (item.attempts < maxAttempts) {
              return { status: "PENDING", message: "This app couldn't send the move just now (a problem on its side); it is retried.", needsVerify: item.needsVerify };
            }
            return { status: "FAILED", message: "This app couldn't send the move (a problem on its side kept recurring); Okta was not asked to change this user." };
          }
          const requestId = error.oktaRequestId ?? null;
          if (error instanceof OktaNotFoundError) return { status: "NOT_FOUND", message: "The user no longer exists.", oktaRequestId: requestId };
          if (error instanceof OktaValidationError) return { status: "BLOCKED", message: error.message, oktaRequestId: requestId };
          const retryable = error instanceof OktaUpstreamError || error instanceof OktaRateLimitedError;
          const message = error.message;
          if (retryable && item.attempts < maxAttempts) {
            // A POST that failed with a 5xx or timed out may have been applied: read before resending.
            return { status: "PENDING", message, oktaRequestId: requestId, needsVerify: item.needsVerify || error instanceof OktaOutcomeUnknownError };
          }
          return { status: "FAILED", message, oktaRequestId: requestId };
        }
      };

      const lane = async (): Promise<void> => {
        try {
          await laneLoop();
        } catch (error) {
          crashed = true;
          throw error;
        }
      };
      const laneLoop = async (): Promise<void> => {
        while (!stopped()) {
          await waitForToken();
          if (stopped()) return;
          const item = await claimItem(deps.pool, jobId);
          if (!item) return;
          let outcome: ItemOutcome;
          try {
            outcome = await processItem(item);
          } catch (error) {
            // Put it back untouched for the resumed run; then stop every lane.
            await finishItem(deps.pool, jobId, item.seq, { status: "PENDING", needsVerify: item.needsVerify, message: null, refundAttempt: true });
            if (error instanceof FatalJobError) {
              fatal ??= error.message;
              return;
            }
            throw error;
          }
          await finishItem(deps.pool, jobId, item.seq, outcome);
          if (outcome.refundAttempt) continue; // waitForToken() paces it
          if (outcome.status !== "PENDING") refreshFailures = 0;
          if (outcome.status === "PENDING") await sleep(250 * item.attempts);
        }
      };

      for (;;) {
        const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, job.lanes) }, () => lane()));
        const failed = lanes.find((l) => l.status === "rejected");
        if (failed) throw failed.reason;
        if (stopped()) break;
        const counts = await countItems(deps.pool, jobId);
        if (counts.PENDING + counts.IN_FLIGHT === 0) break;
      }
    }

    if (deps.signal?.aborted) return "stopped";
    if (fatal !== null) {
      await transition(deps.pool, jobId, ["RUNNING"], "PAUSED", { lastError: fatal });
      log(`job ${jobId} paused: ${fatal}`);
      return "paused";
    }
    const now = status ?? (await getJob(deps.pool, jobId))?.status ?? null;
    if (now === null) return "lost";
    if (now === "PAUSED") return "paused";
    if (now === "CANCELLING") {
      await cancelPendingItems(deps.pool, jobId);
      await transition(deps.pool, jobId, ["CANCELLING"], "CANCELLED");
    } else if (now === "RUNNING") {
      await transition(deps.pool, jobId, ["RUNNING"], "COMPLETED", { lastError: null });
    } else {
      return "lost";
    }
    await auditOnce(deps, jobId);
    return "finished";
  } catch (error) {
    if (error instanceof FatalJobError) {
      await transition(deps.pool, jobId, ["RUNNING"], "PAUSED", { lastError: error.message });
      return "paused";
    }
    throw error;
  } finally {
    clearInterval(heartbeat);
    await releaseClaim(deps.pool, jobId, deps.workerId).catch(() => undefined);
  }
}

/**
 * The preview phase: resolves the selection, then the job waits (PREVIEW) for an admin to start it.
 * The connection's failures that pass (no token just now, Okta 5xx/429 beyond the transport's
 * retries) are waited out; what no retry fixes ends the preview (FAILED) with Okta's explanation.
 */
async function runPreview(deps: RunnerDeps, job: BulkJobRow, stopped: () => boolean, status: () => BulkJobStatus | null): Promise<RunResult> {
  const fail = async (message: string): Promise<RunResult> => {
    await transition(deps.pool, job.id, ["RESOLVING"], "FAILED", { lastError: `The preview stopped: ${message}` });
    (deps.log ?? (() => {}))(`job ${job.id}: preview failed: ${message}`);
    return "finished";
  };
  let client: OktaClient;
  try {
    client = await deps.clientFor(job);
  } catch (error) {
    return fail(fatalMessage(error) ?? (error instanceof Error ? error.message : String(error)));
  }
  for (let failures = 0; ; ) {
    try {
      const result = await resolvePreviewJob(deps.pool, client, job, stopped, deps.previewChunk);
      if (result === "stopped") return deps.signal?.aborted ? "stopped" : status() === null ? "lost" : "finished";
      await transition(deps.pool, job.id, ["RESOLVING"], "PREVIEW");
      return "finished";
    } catch (error) {
      const fatalReason = fatalMessage(error);
      if (fatalReason !== null) return fail(fatalReason);
      const passing = isTransientConnectionError(error) || error instanceof OktaUpstreamError || error instanceof OktaRateLimitedError;
      if (!passing) {
        if (error instanceof OktaError) return fail(error.message);
        throw error;
      }
      failures += 1;
      if (failures > (deps.maxAttempts ?? 6) && !isTransientConnectionError(error)) return fail(error.message);
      const until = Date.now() + Math.min(30_000, (deps.refreshBackoffMs ?? 500) * 2 ** (failures - 1));
      while (!stopped() && Date.now() < until) await sleep(Math.min(200, until - Date.now()));
      if (stopped()) return deps.signal?.aborted ? "stopped" : "finished";
    }
  }
}

/** The job's single audit event, written by whoever first marks it (a resumed or second worker can't repeat it). */
export async function auditOnce(deps: Pick<RunnerDeps, "pool" | "audit">, jobId: string): Promise<void> {
  if (!(await markAudited(deps.pool, jobId))) return;
  const job = await getJob(deps.pool, jobId);
  if (!job) return;
  await deps.audit(job, await countItems(deps.pool, jobId));
}

async function isDefaultRealm(client: OktaClient, job: BulkJobRow): Promise<boolean> {
  try {
    return (await client.realms.get(job.targetRealmId)).isDefault;
  } catch (error) {
    const fatal = fatalMessage(error);
    if (fatal !== null) throw new FatalJobError(fatal);
    // No token just now: the read-back is retried later (see processItem).
    if (isTransientConnectionError(error)) throw error;
    // Without the realm's details, only an explicit realmId counts as "already there".
    return false;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
