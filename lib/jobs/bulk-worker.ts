// The pg-boss side of bulk moves: a queue of "run job X" messages on the app's database (schema
// `pgboss`, created by pg-boss itself), workers that run them, and a monitor that re-sends jobs
// nobody holds (new, resumed, or whose worker died: its lease lapses). Any app instance can run any
// job; the lease in BulkMoveJob makes sure only one does at a time. Pure (no Next).
import PgBoss from "pg-boss";
import { runBulkJob, type RunnerDeps } from "@/lib/bulk/runner";
import { orphanedJobs, releaseClaim, transition } from "@/lib/bulk/store";
import { newReferenceId } from "@/lib/okta/reference-id";
import { errorFields, logger } from "@/lib/observability/log";

export const BULK_QUEUE = "bulk-move";

export type BulkWorkerOptions = Omit<RunnerDeps, "signal"> & {
  connectionString: string;
  /** Jobs this process runs at once. Default 2. */
  workers?: number;
  /** How often to look for jobs nobody runs. Default 3 s. */
  monitorMs?: number;
  pollingIntervalSeconds?: number;
};

export type BulkWorker = {
  /** Queues a run of the job (deduplicated while one is waiting). */
  enqueue(jobId: string): Promise<void>;
  stop(): Promise<void>;
};

type RunMessage = { jobId: string };

/**
 * Whether an error means "the database is unreachable" (connection refused/reset/terminated, server
 * shutting down, SQLSTATE class 08): then the run resumes by itself once it answers. Anything else
 * is a fault that would repeat on every resume.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === "string" && (/^08/.test(code) || ["57P01", "57P02", "57P03", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT"].includes(code))) return true;
  return /connection terminated|connection (?:is )?(?:closed|ended)|terminating connection|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(error.message);
}

/** Resolves once the database answers a query again (or the worker stops). */
async function untilDatabaseAnswers(pool: BulkWorkerOptions["pool"], signal: AbortSignal): Promise<void> {
  for (let waitMs = 250; !signal.aborted; waitMs = Math.min(5_000, waitMs * 2)) {
    try {
      await pool.query("SELECT 1");
      return;
    } catch {
      await new Promise<void>((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

export async function startBulkWorker(options: BulkWorkerOptions): Promise<BulkWorker> {
  const log = options.log ?? ((line: string) => logger("bulk").info(line));
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: "pgboss",
    max: 4,
    application_name: "orc-bulk-worker",
    // No cron schedules here; maintenance (expiry, archiving) stays on.
    schedule: false,
  });
  boss.on("error", (error) => log(`pg-boss: ${error.message}`));
  await boss.start();
  if (!(await boss.getQueue(BULK_QUEUE))) {
    try {
      // "short": at most one waiting message per job (singletonKey), however often it is re-sent.
      // The run itself can take hours; the lease, not pg-boss's expiry, guards against two runners.
      await boss.createQueue(BULK_QUEUE, { name: BULK_QUEUE, policy: "short", retryLimit: 0, expireInSeconds: 6 * 3600 });
    } catch (error) {
      // Another instance created it at the same moment.
      if (!(await boss.getQueue(BULK_QUEUE))) throw error;
    }
  }

  const controller = new AbortController();
  const deps: RunnerDeps = { ...options, log, signal: controller.signal };
  const send = async (jobId: string) => {
    await boss.send(BULK_QUEUE, { jobId } satisfies RunMessage, { singletonKey: jobId, retryLimit: 0 });
  };

  for (let i = 0; i < (options.workers ?? 2); i++) {
    await boss.work<RunMessage>(BULK_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 }, async ([message]) => {
      if (!message) return;
      try {
        const result = await runBulkJob(deps, message.data.jobId);
        log(`job ${message.data.jobId}: ${result}`);
      } catch (error) {
        const jobId = message.data.jobId;
        if (!isDatabaseUnavailable(error)) {
          // A fault that would repeat on every resume (the monitor would resend the job forever):
          // pause it for a person, who sees the reference; users not yet moved stay pending.
          const reference = newReferenceId();
          logger("bulk").error({ jobId, reference, ...errorFields(error) }, `job ${jobId} stopped (reference ${reference})`);
          await transition(options.pool, jobId, ["RUNNING"], "PAUSED", {
            lastError: `The run stopped on an unexpected error (reference ${reference}). Resume the job to try again; users not yet moved are still pending.`,
          }).catch(() => undefined);
          await transition(options.pool, jobId, ["RESOLVING"], "FAILED", {
            lastError: `The preview stopped on an unexpected error (reference ${reference}). Preview again; nothing was changed in Okta.`,
          }).catch(() => undefined);
          await releaseClaim(options.pool, jobId, options.workerId).catch(() => undefined);
          return;
        }
        // The database went away mid-run. The job stays RUNNING; once its lease lapses the
        // monitor sends it again and a worker resumes it (users in flight are read back first).
        log(`job ${jobId}: run stopped by ${error instanceof Error ? error.message : String(error)}; it resumes once its lease lapses`);
        // pg-boss marks the message done without awaiting that write: with the database still
        // away, its rejection would be unhandled and end the process. Return once it answers again.
        await untilDatabaseAnswers(options.pool, controller.signal);
      }
    });
  }

  let monitoring = false;
  const monitor = setInterval(() => {
    if (monitoring || controller.signal.aborted) return;
    monitoring = true;
    orphanedJobs(options.pool)
      .then(async (ids) => {
        for (const id of ids) await send(id);
      })
      .catch((error: unknown) => log(`monitor: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        monitoring = false;
      });
  }, options.monitorMs ?? 3_000);

  return {
    enqueue: send,
    async stop() {
      controller.abort();
      clearInterval(monitor);
      await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    },
  };
}

