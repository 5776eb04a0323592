// Bulk moves under faults, with the app's own worker (pg-boss + runner + Postgres governor + lib/okta)
// in this process, on a dedicated embedded PostgreSQL this file can stop and start:
// - Okta faults during the job (5xx before and after Okta applied a move, hung requests, 429s);
// - the database restarted in the middle of the job.
// Either way the job completes, every user is moved, and Okta applied each move exactly once
// (counted on the sandbox's side, per user).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/database/embedded";
import { migrate } from "@/lib/database/migrate";
import { countItems, getJob } from "@/lib/bulk/store";
import { startBulkFixture, type BulkFixture } from "@/lib/bulk/testing/bulk-fixture";
import { startBulkWorker, type BulkWorker } from "@/lib/jobs/bulk-worker";
import type { BulkCounts } from "@/lib/bulk/types";
import { faultTally } from "./support/tally";
import { lossyFetch } from "./support/lossy-fetch";
import { sleep, waitUntil } from "./support/wait";

const tally = faultTally();
const lossy = lossyFetch();
const logs: string[] = [];
let dataDir: string;
let pg: EmbeddedPostgres;
let fx: BulkFixture;
let worker: BulkWorker;
let connectionId: string;

// A rejection nobody handles, or an 'error' event nobody listens to, ends a real worker process
// (Node's default): recorded and asserted (vitest reports them too).
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtExceptionMonitor", onUnhandled);
  dataDir = await mkdtemp(path.join(os.tmpdir(), "orc-faults-pg-"));
  pg = await startEmbeddedPostgres({ dataDir });
  await migrate(pg.url);
  // Okta's limits high enough that the job is paced by latency, not by the governor.
  fx = await startBulkFixture(pg.url, { rateLimits: { buckets: { "user-write": 60_000, "user-get": 60_000, "users-collection": 60_000 } } });
  // Lost answers and a short per-attempt timeout (hung moves end in ~0.5 s); the worker's lease is
  // short so a run that died with the database is picked up again within seconds.
  fx.oktaDeps.okta = { ...fx.oktaDeps.okta, fetch: lossy.fetch, timeoutMs: 500 };
  connectionId = await fx.connection();
  worker = await startBulkWorker({
    connectionString: pg.url,
    ...fx.runnerDeps({ leaseMs: 2_000, log: (line) => logs.push(line) }),
    monitorMs: 500,
    pollingIntervalSeconds: 0.5,
  });
}, 120_000);

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtExceptionMonitor", onUnhandled);
  tally.report();
  await worker?.stop().catch(() => undefined);
  await fx?.stop().catch(() => undefined);
  await pg?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Seeds `count` users in a fresh realm and queues a job moving them all to another realm. */
async function queuedMove(label: string, count: number, lanes: number) {
  const source = fx.realm(`${label}-src`);
  const target = fx.realm(`${label}-dst`);
  fx.sb.control.addUsers({ count, realmId: source.id, loginPattern: `${label}{n}@faults.example` });
  const users = [...fx.sb.org.users.byId.values()].filter((u) => u.realmId === source.id).map((u) => u.id);
  const jobId = await fx.queuedJob(connectionId, { kind: "realm", realmId: source.id }, target.id, lanes);
  return { jobId, users, target };
}

async function waitForJob(jobId: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(fx.pool, jobId).catch(() => null);
    if (job && ["COMPLETED", "CANCELLED", "FAILED", "PAUSED"].includes(job.status)) return;
    if (Date.now() > until) throw new Error(`job ${jobId} did not finish in ${timeoutMs} ms (status ${job?.status ?? "unknown"}); log:\n${logs.slice(-20).join("\n")}`);
    await sleep(100);
  }
}

/** Every user in the target realm, each move applied by Okta exactly once; counted into the tally. */
function expectMovedOnce(users: readonly string[], targetRealmId: string, counts: BulkCounts): void {
  const applied = users.map((id) => fx.applied.get(id) ?? 0);
  const lost = users.filter((id) => fx.sb.org.requireUser(id).realmId !== targetRealmId).length;
  const duplicates = applied.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  tally.lost(lost);
  tally.duplicates(duplicates);
  expect(lost, "users not in the target realm").toBe(0);
  expect(duplicates, "moves Okta applied more than once").toBe(0);
  expect(applied.every((n) => n === 1)).toBe(true);
  expect(counts).toMatchObject({ MOVED: users.length, FAILED: 0, PENDING: 0, IN_FLIGHT: 0 });
}

describe("bulk move under Okta faults", () => {
  it(
    "the first moves' answers are lost (no rate-limit headers to learn from): the job doesn't stall on its probe",
    tally.scenario("bulk move, first answers lost", async () => {
      // Nothing learned yet about the org's buckets: the first request of each goes alone (a probe).
      await fx.pool.query(`DELETE FROM "OktaRateBucket"`);
      const { jobId, users, target } = await queuedMove("probe", 30, 4);
      lossy.lose({ method: "POST", pathPrefix: "/api/v1/users/", kind: "5xx", times: 2 });
      lossy.lose({ method: "POST", pathPrefix: "/api/v1/users/", kind: "hang", times: 1 });
      const started = Date.now();
      await worker.enqueue(jobId);
      await waitForJob(jobId, 40_000);
      lossy.clear();
      // A probe's lease is 20 s: each silent answer used to hold the whole bucket that long.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect((await getJob(fx.pool, jobId))?.status).toBe("COMPLETED");
      expectMovedOnce(users, target.id, await countItems(fx.pool, jobId));
    }),
  );

  it(
    "5xx before and after Okta applied a move, hung moves and a 429 burst: every user moved exactly once",
    tally.scenario("bulk move, Okta 5xx/lost answers/hangs/429s", async () => {
      const { jobId, users, target } = await queuedMove("okta", 120, 4);
      const moved = () => users.filter((id) => fx.applied.has(id)).length;
      fx.sb.control.addFault({ method: "POST", pathPrefix: "/api/v1/users/", latencyMs: 20 });
      await worker.enqueue(jobId);
      // The storm hits a job under way (the governor has learned the bucket from the first answers).
      await waitUntil(() => moved() >= 10, 30_000, "the job did not start", 20);
      const faultsBefore = fx.sb.control.counters().faultsInjected;
      fx.sb.control.setRateLimits({ windowSeconds: 1 });
      fx.sb.control.addFault({ method: "POST", pathPrefix: "/api/v1/users/", failNext: 10, errorStatus: 503 });
      fx.sb.control.addFault({ method: "POST", pathPrefix: "/api/v1/users/", rateLimitNext: 6 });
      lossy.lose({ method: "POST", pathPrefix: "/api/v1/users/", kind: "5xx", times: 8 });
      lossy.lose({ method: "POST", pathPrefix: "/api/v1/users/", kind: "hang", times: 4 });

      await waitForJob(jobId, 40_000);

      fx.sb.control.clearFaults();
      fx.sb.control.setRateLimits({ windowSeconds: 60 });
      lossy.clear();
      expect((await getJob(fx.pool, jobId))?.status).toBe("COMPLETED");
      expect(fx.sb.control.counters().faultsInjected - faultsBefore).toBeGreaterThan(0);
      expectMovedOnce(users, target.id, await countItems(fx.pool, jobId));
    }),
  );
});

describe("bulk move while the database restarts", () => {
  it(
    "PostgreSQL stopped mid-job and started again: the job completes, nobody lost, nobody moved twice",
    tally.scenario("bulk move, database restart mid-job", async () => {
      const { jobId, users, target } = await queuedMove("restart", 200, 4);
      // Slow moves, so the job is still running when the database goes away.
      fx.sb.control.addFault({ method: "POST", pathPrefix: "/api/v1/users/", latencyMs: 40 });
      const moved = () => users.filter((id) => fx.applied.has(id)).length;

      await worker.enqueue(jobId);
      await waitUntil(() => moved() >= 40, 30_000, "the job did not start", 20);
      await pg.stop();
      const movedWhileStopping = moved();
      await sleep(2_000);
      pg = await startEmbeddedPostgres({ dataDir, port: pg.port });
      logs.push(`restarted the database after ${movedWhileStopping} moves`);

      await waitForJob(jobId, 40_000);
      fx.sb.control.clearFaults();
      expect(movedWhileStopping).toBeLessThan(users.length);
      expect((await getJob(fx.pool, jobId))?.status).toBe("COMPLETED");
      expectMovedOnce(users, target.id, await countItems(fx.pool, jobId));
      expect(unhandled.map(String), "unhandled rejections and uncaught errors (each would end a worker process)").toEqual([]);
      const audits = await fx.prisma.auditEvent.count({ where: { action: "bulk.move", details: { path: ["jobId"], equals: jobId } } });
      expect(audits).toBe(1);
    }),
  );
});
