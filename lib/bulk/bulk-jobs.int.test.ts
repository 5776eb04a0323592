// The bulk-move engine against a real Postgres and the sandbox org: preview classification, moving
// everyone exactly once (checked on the org's side), pause/resume/cancel, and a resumed run after a
// worker died mid-flight.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { storeAuthorization, TokenEndpointError, type TokenLifecycleDeps } from "@/lib/connections";
import { bulkClientFactory } from "@/lib/jobs/bulk-okta";
import { bulkAuditWriter } from "@/lib/jobs/bulk-audit";
import { seedUser } from "@/lib/realms/testing/sandbox-org";
import { MOVE_SCOPES, startBulkFixture, type BulkFixture } from "./testing/bulk-fixture";
import { runBulkJob } from "./runner";
import { previewBulkMove, resumeBulkJob } from "./service";
import { claimJob, countItems, getJob, listItems, transition } from "./store";
import type { Selection } from "./selection";

let fx: BulkFixture;
let connectionId: string;

beforeAll(async () => {
  // Latency makes runs last long enough to pause and cancel them half-way.
  fx = await startBulkFixture(testDatabaseUrl(), { latencyMs: 20, rateLimits: { buckets: { "user-write": 6000 } } });
  connectionId = await fx.connection();
});
afterAll(() => fx.stop());

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function seedUsers(realmId: string, count: number, pattern: string): string[] {
  const { firstId } = fx.sb.control.addUsers({ count, realmId, loginPattern: pattern });
  if (!firstId) throw new Error("no users seeded");
  return [...fx.sb.org.users.byId.values()].filter((u) => u.realmId === realmId).map((u) => u.id);
}

const realmOf = (userId: string) => fx.sb.org.requireUser(userId).realmId;
const auditEvents = (jobId: string) => fx.prisma.auditEvent.findMany({ where: { action: "bulk.move", details: { path: ["jobId"], equals: jobId } } });

/**
 * A connection holding a refresh token, and its tokens as seen by a process whose stored access token
 * has expired once `ahead` is set (its clock runs ahead), with Okta's token endpoint failing the next
 * `outages` refreshes with a 503 (a refresh that works mints a new sandbox token).
 */
async function refreshableConnection() {
  const connectionId = await fx.connection();
  const mint = () => fx.sb.control.mintAccessToken({ scopes: [...MOVE_SCOPES], ttlSeconds: 3600 });
  await storeAuthorization({ db: fx.prisma, keyring: fx.tokens.keyring }, connectionId, {
    tokenSet: { accessToken: mint(), refreshToken: "refresh-token", tokenType: "Bearer", expiresAt: new Date(Date.now() + 3_600_000), scope: [...MOVE_SCOPES] },
    authorizedSub: fx.sb.seeded.admin.id,
    authorizedLogin: fx.sb.seeded.admin.login,
    actor: null,
  });
  const state = { ahead: 0, outages: 0, failed: 0, refreshed: 0 };
  const tokens: TokenLifecycleDeps = {
    ...fx.tokens,
    now: () => Date.now() + state.ahead,
    refreshTokens: async () => {
      if (state.outages > 0) {
        state.outages -= 1;
        state.failed += 1;
        throw new TokenEndpointError("transient", "The token endpoint answered 503", undefined, 503);
      }
      state.refreshed += 1;
      return { access_token: mint(), token_type: "Bearer", expires_in: 3600, refresh_token: "refresh-token", scope: MOVE_SCOPES.join(" ") };
    },
  };
  return { connectionId, state, oktaDeps: { ...fx.oktaDeps, tokens } };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out");
    await sleep(25);
  }
}

describe("preview", () => {
  it("counts who will move, who is already there, who the realm's domains block and who doesn't exist", async () => {
    const source = fx.realm("preview-src");
    const target = fx.realm("preview-dst", ["partner.example"]);
    const user = (login: string, realmId: string) => seedUser(fx.sb, { login, email: login, firstName: "Test", lastName: "User" }, realmId);
    const movable = await user("ok@partner.example", source.id);
    const there = await user("in@partner.example", target.id);
    const blocked = await user("out@other.example", source.id);
    const selection: Selection = { kind: "csv", entries: [movable.id, "in@partner.example", "out@other.example", "ghost@partner.example"], summary: "t" };

    const jobId = await fx.queuedJob(connectionId, selection, target.id);

    const items = await listItems(fx.pool, jobId);
    expect(items.map((i) => [i.input, i.status, i.userId])).toEqual([
      [movable.id, "PENDING", movable.id],
      ["in@partner.example", "SKIPPED", there.id],
      ["out@other.example", "BLOCKED", blocked.id],
      ["ghost@partner.example", "NOT_FOUND", null],
    ]);
    expect(items[2]?.message).toMatch(/partner\.example/);
    // A preview changes nothing in the org.
    expect(realmOf(movable.id)).toBe(source.id);
    await transition(fx.pool, jobId, ["QUEUED"], "CANCELLED");
  });
});

describe("running a job", () => {
  it("moves every user exactly once and skips those already in the realm; one audit event with the totals", async () => {
    const source = fx.realm("run-src");
    const target = fx.realm("run-dst");
    const users = seedUsers(source.id, 60, "run{n}@x.example");
    const already = seedUsers(target.id, 5, "there{n}@x.example");
    const selection: Selection = { kind: "csv", entries: [...users, ...already], summary: "t" };
    const jobId = await fx.queuedJob(connectionId, selection, target.id, 6);

    expect(await runBulkJob(fx.runnerDeps(), jobId)).toBe("finished");

    expect((await getJob(fx.pool, jobId))?.status).toBe("COMPLETED");
    expect(await countItems(fx.pool, jobId)).toMatchObject({ MOVED: 60, SKIPPED: 5, FAILED: 0, PENDING: 0, IN_FLIGHT: 0 });
    for (const id of users) {
      expect(realmOf(id)).toBe(target.id);
      expect(fx.applied.get(id)).toBe(1);
    }
    for (const id of already) expect(fx.applied.get(id)).toBeUndefined();
    const audit = await auditEvents(jobId);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ moved: 60, skipped: 5, failed: 0, total: 65 });
    expect(audit[0]).toMatchObject({ target: `realm:${target.id}`, details: { targetName: target.profile.name } }); // the log names the realm
    // Its link opens the job's results CSV (app/api/bulk/results/route.ts).
    const link = new URL(String((audit[0]?.details as { results?: unknown } | null)?.results), "http://app.example");
    expect(link.pathname).toBe("/api/bulk/results");
    expect(Object.fromEntries(link.searchParams)).toEqual({ connectionId, jobId });

    // Running it again (a duplicate queue message) moves nobody and writes no second audit event.
    expect(await runBulkJob(fx.runnerDeps(), jobId)).toBe("not-claimed");
    expect(await auditEvents(jobId)).toHaveLength(1);
  });

  it("pauses, resumes where it stopped, and cancels", async () => {
    const source = fx.realm("pause-src");
    const target = fx.realm("pause-dst");
    const users = seedUsers(source.id, 120, "pause{n}@x.example");
    const jobId = await fx.queuedJob(connectionId, { kind: "realm", realmId: source.id }, target.id, 2);

    const run = runBulkJob(fx.runnerDeps(), jobId);
    await waitFor(async () => (await countItems(fx.pool, jobId)).MOVED >= 10);
    expect(await transition(fx.pool, jobId, ["RUNNING"], "PAUSED")).toBe(true);
    expect(await run).toBe("paused");
    const atPause = await countItems(fx.pool, jobId);
    expect(atPause.MOVED).toBeGreaterThanOrEqual(10);
    expect(atPause.PENDING).toBeGreaterThan(0);
    expect(atPause.IN_FLIGHT).toBe(0);
    await sleep(200);
    const movedWhilePaused = users.filter((id) => realmOf(id) === target.id).length;
    expect(movedWhilePaused).toBe(atPause.MOVED);
    expect(await auditEvents(jobId)).toHaveLength(0);

    // Resume: continues with the rest, nobody twice.
    await transition(fx.pool, jobId, ["PAUSED"], "QUEUED");
    const resumed = runBulkJob(fx.runnerDeps(), jobId);
    await waitFor(async () => (await countItems(fx.pool, jobId)).MOVED >= atPause.MOVED + 10);
    // Cancel: the users not yet moved stay where they are.
    await transition(fx.pool, jobId, ["RUNNING"], "CANCELLING");
    expect(await resumed).toBe("finished");
    const end = await countItems(fx.pool, jobId);
    expect((await getJob(fx.pool, jobId))?.status).toBe("CANCELLED");
    expect(end.CANCELLED).toBeGreaterThan(0);
    expect(end.MOVED + end.CANCELLED).toBe(120);
    expect(users.filter((id) => realmOf(id) === target.id)).toHaveLength(end.MOVED);
    expect(users.every((id) => (fx.applied.get(id) ?? 0) <= 1)).toBe(true);
    expect(await auditEvents(jobId)).toHaveLength(1);
  });

  it("after a worker died mid-flight, a new worker continues without moving anyone twice", async () => {
    const source = fx.realm("crash-src");
    const target = fx.realm("crash-dst");
    const users = seedUsers(source.id, 40, "crash{n}@x.example");
    const jobId = await fx.queuedJob(connectionId, { kind: "realm", realmId: source.id }, target.id, 4);
    const sorted = (await listItems(fx.pool, jobId)).map((i) => i.userId ?? "");

    // The dead worker: claimed the job, finished the first 10, had 4 more in flight of which Okta
    // applied 2 before the process vanished (so their rows never heard back).
    const dead = await claimJob(fx.pool, jobId, "dead-worker", 60_000);
    expect(dead?.status).toBe("RUNNING");
    const client = await fx.runnerDeps().clientFor(dead ?? (await getJob(fx.pool, jobId).then((j) => j ?? Promise.reject(new Error("no job")))));
    for (const id of sorted.slice(0, 12)) await client.users.moveToRealm(id, target.id);
    await fx.pool.query(`UPDATE "BulkMoveItem" SET "status" = 'MOVED' WHERE "jobId" = $1 AND "seq" <= 10`, [jobId]);
    await fx.pool.query(`UPDATE "BulkMoveItem" SET "status" = 'IN_FLIGHT', "attempts" = 1 WHERE "jobId" = $1 AND "seq" BETWEEN 11 AND 14`, [jobId]);

    // While its lease holds, nobody else may run the job.
    expect(await runBulkJob(fx.runnerDeps(), jobId)).toBe("not-claimed");
    // The lease lapses (the process is gone, nobody renews it).
    await fx.pool.query(`UPDATE "BulkMoveJob" SET "leaseUntil" = now() - interval '1 second' WHERE "id" = $1`, [jobId]);

    expect(await runBulkJob(fx.runnerDeps(), jobId)).toBe("finished");
    expect(await countItems(fx.pool, jobId)).toMatchObject({ MOVED: 40, FAILED: 0, IN_FLIGHT: 0, PENDING: 0 });
    for (const id of users) {
      expect(realmOf(id)).toBe(target.id);
      expect(fx.applied.get(id), `user ${id}`).toBe(1);
    }
    const recovered = (await listItems(fx.pool, jobId)).filter((i) => i.seq === 11 || i.seq === 12);
    expect(recovered.every((i) => i.message?.includes("Confirmed"))).toBe(true);
  });

  it("pauses with the Insufficient Scope error, before any move, when the connection can't manage users", async () => {
    const source = fx.realm("scope-src");
    const target = fx.realm("scope-dst");
    const users = seedUsers(source.id, 3, "scope{n}@x.example");
    const jobId = await fx.queuedJob(connectionId, { kind: "realm", realmId: source.id }, target.id);
    const readOnly = await fx.connection(["okta.users.read", "okta.realms.read"]);
    await fx.pool.query(`UPDATE "BulkMoveJob" SET "connectionId" = $2 WHERE "id" = $1`, [jobId, readOnly]);

    expect(await runBulkJob(fx.runnerDeps(), jobId)).toBe("paused");
    const job = await getJob(fx.pool, jobId);
    expect(job?.status).toBe("PAUSED");
    expect(job?.lastError).toMatch(/lacks okta\.users\.manage/);
    expect(users.every((id) => realmOf(id) === source.id && !fx.applied.has(id))).toBe(true);
  });
});

describe("when the connection's access token can't be had mid-job", () => {
  it("pauses with what to do when the connection needs reauthorizing (no user FAILED), and completes after reauthorization and resume", async () => {
    const source = fx.realm("reauth-src");
    const target = fx.realm("reauth-dst");
    const users = seedUsers(source.id, 80, "reauth{n}@x.example");
    const own = await fx.connection();
    const jobId = await fx.queuedJob(own, { kind: "realm", realmId: source.id }, target.id, 4);

    const run = runBulkJob(fx.runnerDeps(), jobId);
    await waitFor(async () => (await countItems(fx.pool, jobId)).MOVED >= 10);
    // Okta refused the refresh token (grant revoked): lib/connections marks the connection so.
    await fx.pool.query(`UPDATE "Connection" SET "status" = 'NEEDS_REAUTH', "statusReason" = 'The refresh token is invalid or has been revoked' WHERE "id" = $1`, [own]);

    expect(await run).toBe("paused");
    const paused = await getJob(fx.pool, jobId);
    expect(paused?.status).toBe("PAUSED");
    expect(paused?.lastError).toMatch(/Reauthorize the connection, then resume/);
    const atPause = await countItems(fx.pool, jobId);
    expect(atPause).toMatchObject({ FAILED: 0, IN_FLIGHT: 0 });
    expect(atPause.PENDING).toBeGreaterThan(0);
    expect(atPause.MOVED + atPause.PENDING).toBe(80);
    expect(await auditEvents(jobId)).toHaveLength(0);

    // Someone reauthorizes the connection, then resumes the job.
    await fx.pool.query(`UPDATE "Connection" SET "status" = 'HEALTHY', "statusReason" = NULL WHERE "id" = $1`, [own]);
    await resumeBulkJob({ ...fx.oktaDeps, audit: bulkAuditWriter(fx.prisma) }, own, jobId);
    expect(await runBulkJob(fx.runnerDeps(), jobId)).toBe("finished");
    expect((await getJob(fx.pool, jobId))?.status).toBe("COMPLETED");
    expect(await countItems(fx.pool, jobId)).toMatchObject({ MOVED: 80, FAILED: 0, PENDING: 0 });
    for (const id of users) {
      expect(realmOf(id)).toBe(target.id);
      expect(fx.applied.get(id), `user ${id}`).toBe(1);
    }
  });

  it("retries the users later when refreshing the token fails for a while, and finishes without any FAILED", async () => {
    const source = fx.realm("refresh-src");
    const target = fx.realm("refresh-dst");
    const users = seedUsers(source.id, 40, "refresh{n}@x.example");
    const flaky = await refreshableConnection();
    const jobId = await fx.queuedJob(flaky.connectionId, { kind: "realm", realmId: source.id }, target.id, 4);

    const run = runBulkJob(fx.runnerDeps({ clientFor: bulkClientFactory(flaky.oktaDeps), refreshBackoffMs: 20, maxAttempts: 2 }), jobId);
    await waitFor(async () => (await countItems(fx.pool, jobId)).MOVED >= 5);
    flaky.state.outages = 5;
    flaky.state.ahead = 2 * 60 * 60 * 1000;

    expect(await run).toBe("finished");
    expect(flaky.state.failed).toBe(5);
    expect(flaky.state.refreshed).toBeGreaterThan(0);
    expect((await getJob(fx.pool, jobId))?.status).toBe("COMPLETED");
    expect(await countItems(fx.pool, jobId)).toMatchObject({ MOVED: 40, FAILED: 0, PENDING: 0 });
    for (const id of users) expect(fx.applied.get(id), `user ${id}`).toBe(1);
  });

  it("the preview job waits out a token refresh that fails for a moment, then classifies the users", async () => {
    const target = fx.realm("refresh-preview");
    const flaky = await refreshableConnection();
    flaky.state.ahead = 2 * 60 * 60 * 1000;
    flaky.state.outages = 2;

    const queued = await previewBulkMove(
      { ...flaky.oktaDeps, audit: bulkAuditWriter(fx.prisma) },
      {
        connectionId: flaky.connectionId,
        targetRealmId: target.id,
        selection: { kind: "csv", entries: ["someone@x.example"], summary: "t" },
        selectionSummary: "t",
        maxApiCapacity: 90,
        actor: { id: null, email: null },
      },
    );
    const result = await runBulkJob(fx.runnerDeps({ clientFor: bulkClientFactory(flaky.oktaDeps), refreshBackoffMs: 10 }), queued.jobId);
    expect(result).toBe("finished");
    expect(flaky.state.failed).toBe(2);
    expect((await getJob(fx.pool, queued.jobId))?.status).toBe("PREVIEW");
    expect(await countItems(fx.pool, queued.jobId)).toMatchObject({ NOT_FOUND: 1, UNRESOLVED: 0 });
  });
});
