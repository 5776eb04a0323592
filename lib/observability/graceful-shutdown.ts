import { errorFields, logger } from "./log";
import { markDraining } from "./shutdown";

/**
 * SIGTERM, in order:
 * 1. Readiness (/api/health) answers 503 at once; the server keeps serving for `drainMs`, so load
 *    balancers and Kubernetes stop routing here before the listener closes (closing first races with
 *    keep-alive connections: a request written to a socket the server is closing fails).
 * 2. Background work stops taking new runs (`stopWork`: the job worker and the connection check;
 *    a bulk job cut short keeps its lease and resumes on another instance).
 * 3. After `drainMs`, Next's own SIGTERM handler runs: the listener closes, in-flight requests finish,
 *    the process exits. Its handler is held back for that (removed here, called later).
 * 4. `graceMs` after the signal the process exits regardless, so one stuck request can't hold a
 *    shutdown past what an orchestrator waits for.
 */
export function installGracefulShutdown(options: { drainMs: number; graceMs: number; stopWork: () => Promise<void> }): void {
  const flag = globalThis as unknown as { orcShutdownInstalled?: boolean };
  if (flag.orcShutdownInstalled) return;
  flag.orcShutdownInstalled = true;
  // Next registers its handler before instrumentation's register() runs.
  const deferred = process.listeners("SIGTERM");
  for (const listener of deferred) process.removeListener("SIGTERM", listener);
  process.once("SIGTERM", (signal) => {
    const log = logger("shutdown");
    markDraining();
    log.info({ drainMs: options.drainMs, graceMs: options.graceMs }, "SIGTERM: draining");
    setTimeout(() => {
      log.warn("grace period over; exiting");
      process.exit(143);
    }, options.graceMs).unref();
    options.stopWork().then(
      () => log.info("background work stopped"),
      (error: unknown) => log.error(errorFields(error), "stopping background work failed"),
    );
    setTimeout(() => {
      if (deferred.length === 0) {
        // No server handler to hand over to (NEXT_MANUAL_SIG_HANDLE, another host): requests in
        // flight get until the grace deadline, which ends the process.
        log.warn("no HTTP server shutdown handler; exiting at the grace deadline");
        return;
      }
      log.info("closing the HTTP server");
      for (const listener of deferred) (listener as (s: NodeJS.Signals) => void)(signal);
    }, options.drainMs);
  });
}
