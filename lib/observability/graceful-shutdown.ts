import { errorFields, logger } from "./log";
import { markDraining } from "./shutdown";

/**
 * On SIGTERM: readiness turns 503 at once (lib/health), background work stops taking new runs
 * (`stopWork`: the job worker and the connection check; jobs stay resumable by their leases), and
 * the process ends after `graceMs` at the latest. Next's own SIGTERM handler closes the HTTP server:
 * no new connections, in-flight requests finish, then it exits; the deadline only caps a request
 * that would otherwise hold the shutdown past what an orchestrator waits for.
 */
export function installGracefulShutdown(options: { graceMs: number; stopWork: () => Promise<void> }): void {
  const flag = globalThis as unknown as { orcShutdownInstalled?: boolean };
  if (flag.orcShutdownInstalled) return;
  flag.orcShutdownInstalled = true;
  process.once("SIGTERM", () => {
    const log = logger("shutdown");
    markDraining();
    log.info({ graceMs: options.graceMs }, "SIGTERM: draining");
    setTimeout(() => {
      log.warn("grace period over; exiting");
      process.exit(143);
    }, options.graceMs).unref();
    options.stopWork().then(
      () => log.info("background work stopped"),
      (error: unknown) => log.error(errorFields(error), "stopping background work failed"),
    );
  });
}
