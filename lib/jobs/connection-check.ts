// Runs the connection health check (lib/connections/health-check.ts) once per interval across the
// whole cluster, on the Postgres queue (pg-boss). Every instance ticks; each tick asks pg-boss for
// "the run of this interval" (sendThrottled: one message per time slot of the interval's length,
// enforced by a unique index in the database), so however many instances run, each interval gets
// exactly one run, and a stopped instance costs nothing: any other one sends and works it.
// pg-boss's cron schedule() was not used: cron has a one-minute resolution and cannot express
// every interval, while slots of any length can. Pure (no Next).
import PgBoss from "pg-boss";
import { checkAllConnections, type CheckRun, type HealthCheckDeps } from "@/lib/connections/health-check";
import { errorFields, logger } from "@/lib/observability/log";
import { metrics } from "@/lib/observability/metrics";

export const CONNECTION_CHECK_QUEUE = "connection-check";

export type ConnectionCheckOptions = {
  connectionString: string;
  deps: HealthCheckDeps;
  intervalMs: number;
  /** Tests: how often to tick and poll (default: a quarter of the interval, at most 30 s; polling 2 s). */
  tickMs?: number;
  pollingIntervalSeconds?: number;
  onRun?: (run: CheckRun) => void;
};

export type ConnectionCheckScheduler = { stop(): Promise<void> };

export async function startConnectionCheckScheduler(options: ConnectionCheckOptions): Promise<ConnectionCheckScheduler> {
  const log = logger("connection-check");
  const boss = new PgBoss({ connectionString: options.connectionString, schema: "pgboss", max: 2, application_name: "orc-connection-check", schedule: false });
  boss.on("error", (error) => log.warn(errorFields(error), "pg-boss error"));
  await boss.start();
  if (!(await boss.getQueue(CONNECTION_CHECK_QUEUE))) {
    try {
      // "singleton": never two runs at once, even if one outlasts its interval.
      await boss.createQueue(CONNECTION_CHECK_QUEUE, { name: CONNECTION_CHECK_QUEUE, policy: "singleton", retryLimit: 0, expireInSeconds: 3600 });
    } catch (error) {
      if (!(await boss.getQueue(CONNECTION_CHECK_QUEUE))) throw error; // another instance created it meanwhile
    }
  }
  const slotSeconds = Math.max(1, Math.round(options.intervalMs / 1000));
  const tick = () =>
    boss
      .sendThrottled(CONNECTION_CHECK_QUEUE, {}, { retryLimit: 0 }, slotSeconds, "all")
      .catch((error: unknown) => log.warn(errorFields(error), "could not queue the connection check"));

  await boss.work(CONNECTION_CHECK_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async () => {
    const run = await checkAllConnections(options.deps, {
      onResult: (check) => {
        metrics().connectionChecks.inc({ result: check.result });
        if (check.result === "needs_reauth" || check.result === "degraded") log.warn({ connectionId: check.connectionId, result: check.result, status: check.status }, "connection check found a problem");
        if (check.expiringSoon) log.warn({ connectionId: check.connectionId, refreshTokenExpiresAt: check.refreshTokenExpiresAt }, "the connection's refresh token expires soon; reauthorize it");
      },
      onError: (connectionId, error) => log.error({ connectionId, ...errorFields(error) }, "connection check failed"),
    });
    log.info({ ...run }, "connection check finished");
    options.onRun?.(run);
  });
  void tick();
  const timer = setInterval(() => void tick(), options.tickMs ?? Math.min(30_000, Math.max(1_000, options.intervalMs / 4)));
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      // A run cut short is harmless: each check is independent and the next interval checks again.
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
