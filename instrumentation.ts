// Next calls register() once per server process before it handles requests. The bulk-move worker
// (pg-boss on the app's database) starts here, in the Node.js runtime only, so jobs left unfinished
// by a restart or a crashed instance resume without anyone opening the page; so does the scheduled
// connection health check. SIGTERM drains both (lib/observability/graceful-shutdown.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || !process.env.DATABASE_URL) return;
  const { installGracefulShutdown } = await import("./lib/observability/graceful-shutdown");
  const { ensureConnectionChecks, stopConnectionChecks } = await import("./lib/jobs/app-connection-check");
  const worker = process.env.BULK_WORKER === "off" ? undefined : await import("./lib/jobs/app-worker");
  const seconds = (name: string, fallback: number) => {
    const value = Number(process.env[name] ?? fallback);
    return (Number.isFinite(value) && value >= 0 ? value : fallback) * 1000;
  };
  installGracefulShutdown({
    drainMs: seconds("SHUTDOWN_DRAIN_SECONDS", 5),
    graceMs: seconds("SHUTDOWN_GRACE_SECONDS", 25),
    stopWork: async () => {
      await Promise.all([worker?.stopBulkWorker(), stopConnectionChecks()]);
    },
  });
  if (worker) await worker.ensureBulkWorker();
  if (process.env.CONNECTION_CHECKS !== "off") await ensureConnectionChecks();
}
