// SIGTERM under load, against a second server started from the e2e build (the suite's own server
// must live on): while requests are in flight, SIGTERM. Every request the server had accepted gets
// its answer (new connections are refused: that is "stops taking new work", not a failure), the
// process exits within the grace period, and no queued job is lost (pg-boss jobs end neither failed
// nor stuck active; a bulk job cut short keeps its lease and resumes elsewhere). Reports to verify's
// "operability" suite.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { databaseUrl } from "./support/app-database";
import { dataDir } from "./support/sandbox";
import { reportFigures } from "../tests/verify/report";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 17;
const URL_BASE = `http://127.0.0.1:${PORT}`;
const GRACE_SECONDS = 20;
const DRAIN_SECONDS = 3;
/** Load goes on this long after the signal, as from a load balancer that hasn't seen readiness fail yet. */
const SENDING_AFTER_SIGNAL_MS = 1_000;
/** The e2e server's database, chosen the way playwright.config.ts and scripts/start.ts choose it. */
const appDatabaseUrl = () => process.env.E2E_DATABASE_URL ?? process.env.DATABASE_URL ?? databaseUrl();

async function waitForLive(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the second server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${URL_BASE}/api/health/live`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the second server did not come up");
}

async function jobStates(): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: appDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ state: string; n: string }>("SELECT state::text AS state, count(*) AS n FROM pgboss.job GROUP BY 1").catch(() => ({ rows: [] }));
    const bulk = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "BulkMoveJob" WHERE status = 'FAILED'`);
    return { ...Object.fromEntries(rows.map((r) => [r.state, Number(r.n)])), bulkFailed: Number(bulk.rows[0]?.n ?? 0) };
  } finally {
    await client.end();
  }
}

test("SIGTERM under load: accepted requests all answered, the process exits in time, no job lost", async () => {
  test.setTimeout(180_000);
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT)], {
    cwd: path.resolve(__dirname, ".."),
    env: { ...process.env, PORT: String(PORT), APP_URL: URL_BASE, DATA_DIR: dataDir, DATABASE_URL: appDatabaseUrl(), SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS), SHUTDOWN_DRAIN_SECONDS: String(DRAIN_SECONDS), CONNECTION_CHECKS: "off" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout?.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  try {
    await waitForLive(child);
    const jobsBefore = await jobStates();
    let signalledAt = 0;
    const results = { sent: 0, failed: 0, inFlightAtSignal: 0, readinessDraining: 0 };
    let inFlight = 0;
    const errors: string[] = [];
    const paths = ["/signin", "/api/health/live", "/api/health", "/"];
    // Every request here is sent while the server must still serve: before the signal or during the drain.
    const loop = async (i: number) => {
      for (let n = 0; signalledAt === 0 || Date.now() <= signalledAt + SENDING_AFTER_SIGNAL_MS; n++) {
        const target = paths[(i + n) % paths.length] ?? "/";
        inFlight++;
        results.sent++;
        try {
          const res = await fetch(`${URL_BASE}${target}`, { redirect: "manual" });
          await res.arrayBuffer();
          // /api/health answers 503 once draining: that is the readiness signal, not a failure. Judged
          // when the answer arrives: a probe sent just before the signal may be answered after it.
          if (target === "/api/health" && res.status === 503 && signalledAt !== 0) results.readinessDraining++;
          else if (res.status >= 500) {
            results.failed++;
            if (errors.length < 5) errors.push(`${target}: ${res.status}`);
          }
        } catch (error) {
          results.failed++;
          if (errors.length < 5) errors.push(`${target}: ${error instanceof Error ? `${error.message} ${String((error.cause as Error | undefined)?.message ?? "")}` : String(error)} at +${Date.now() - signalledAt} ms`);
        } finally {
          inFlight--;
        }
      }
    };
    const loops = Array.from({ length: 24 }, (_, i) => loop(i));
    await new Promise((r) => setTimeout(r, 2_000));
    results.inFlightAtSignal = inFlight;
    signalledAt = Date.now();
    child.kill("SIGTERM");
    await Promise.all(loops);
    const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), (GRACE_SECONDS + 10) * 1000))]);
    const exitMs = Date.now() - signalledAt;
    const jobsAfter = await jobStates();
    // Lost: queue messages that ended failed, bulk jobs that ended FAILED. A run cut short stays
    // RUNNING with a lease that lapses, and any instance resumes it.
    const lostJobs = (jobsAfter.failed ?? 0) - (jobsBefore.failed ?? 0) + ((jobsAfter.bulkFailed ?? 0) - (jobsBefore.bulkFailed ?? 0));
    const ok = results.failed === 0 && code !== "timeout" && lostJobs === 0 && results.inFlightAtSignal > 0 && results.readinessDraining > 0;
    reportFigures({
      suite: "operability",
      counts: { operability_checks: 1, operability_passed: ok ? 1 : 0 },
      rows: [
        [
          "SIGTERM under load",
          `${results.failed} failed requests of ${results.sent} (${results.inFlightAtSignal} in flight at the signal; readiness 503 while draining), ${lostJobs} lost jobs, exited ${code === "timeout" ? "NOT within the grace period" : `in ${(exitMs / 1000).toFixed(1)} s (code ${String(code)})`}`,
        ],
      ],
    });
    expect(results.inFlightAtSignal).toBeGreaterThan(0);
    expect(results.readinessDraining).toBeGreaterThan(0);
    expect(results.failed, errors.join("\n")).toBe(0);
    expect(code).not.toBe("timeout");
    expect(lostJobs).toBe(0);
    expect(output.join("")).toMatch(/SIGTERM: draining/);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});
