// The preview as a background job against a real Postgres and the sandbox org: the action's side
// only saves and queues; the worker resolves a CSV of logins (mixed case, duplicates), emails, ids and
// unknown entries in batched listUsers filters, each user classified as the org's own records say,
// with the requests it spent on the job; cancelled while waiting it never runs; a token that can't be
// had for a moment is waited out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { bulkAuditWriter } from "@/lib/jobs/bulk-audit";
import { seedUser } from "@/lib/realms/testing/sandbox-org";
import { startBulkFixture, type BulkFixture } from "./testing/bulk-fixture";
import { runBulkJob } from "./runner";
import { bulkProgress, cancelBulkJob, previewBulkMove, type BulkServiceDeps } from "./service";
import { countItems, expandPendingEntries, getJob, listItems } from "./store";

let fx: BulkFixture;
let connectionId: string;
let deps: BulkServiceDeps;

beforeAll(async () => {
  fx = await startBulkFixture(testDatabaseUrl(), { latencyMs: 5 });
  connectionId = await fx.connection();
  deps = { ...fx.oktaDeps, audit: bulkAuditWriter(fx.prisma) };
});
afterAll(() => fx.stop());

const queue = (entries: string[], targetRealmId: string) =>
  previewBulkMove(deps, {
    connectionId,
    targetRealmId,
    selection: { kind: "csv", entries, summary: "t.csv" },
    selectionSummary: "t.csv",
    maxApiCapacity: 90,
    actor: { id: null, email: null },
  });

describe("the preview job", () => {
  it("resolves logins, ids, emails and unknown entries in about 1/20 of the requests, each as the org's records say", async () => {
    const source = fx.realm("pj-src");
    const target = fx.realm("pj-dst");
    const t = Date.now().toString(36);
    fx.sb.control.addUsers({ count: 400, realmId: source.id, loginPattern: `pj${t}-{n}@example.com` });
    const seeded = [...fx.sb.org.users.byId.values()].filter((u) => u.realmId === source.id);
    const there = await seedUser(fx.sb, { login: `there-${t}@example.com`, email: `there-${t}@example.com`, firstName: "T", lastName: "U" }, target.id);
    const byEmail = await seedUser(fx.sb, { login: `jdoe-${t}@corp.example`, email: `john.doe-${t}@example.com`, firstName: "J", lastName: "D" }, source.id);
    const logins = seeded.slice(0, 350).map((u, i) => (i % 10 === 0 ? String(u.profile.login).toUpperCase() : String(u.profile.login)));
    const ids = seeded.slice(350).map((u) => u.id);
    const unknown = Array.from({ length: 12 }, (_, i) => `ghost${i}-${t}@example.com`);
    // The same user by login and by id: moved once.
    const entries = [...logins, ...ids, `there-${t}@example.com`, `john.doe-${t}@example.com`, ...unknown, seeded[5]?.id ?? ""];

    const before = fx.sb.control.counters().requests;
    const queued = await queue(entries, target.id);
    expect(queued.entries).toBe(entries.length);
    // Nothing was asked of Okta yet: the action only saved and queued.
    expect(fx.sb.control.counters().requests).toEqual(before);
    expect((await getJob(fx.pool, queued.jobId))?.status).toBe("RESOLVING");
    expect((await getJob(fx.pool, queued.jobId))?.total).toBe(entries.length);
    expect((await bulkProgress(deps, connectionId, queued.jobId)).preview).toMatchObject({ resolved: 0, total: entries.length, requests: 0 });

    expect(await runBulkJob(fx.runnerDeps(), queued.jobId)).toBe("finished");
    const job = await getJob(fx.pool, queued.jobId);
    expect(job?.status).toBe("PREVIEW");
    expect(job?.targetRealmName).toBe(target.profile.name);

    const items = await listItems(fx.pool, queued.jobId, { limit: 1000 });
    const truth = (input: string) => fx.sb.org.findUser(input);
    for (const item of items) {
      const user = truth(item.input);
      if (item.input === seeded[5]?.id) {
        expect(item.status, "the same user a second time").toBe("SKIPPED");
        continue;
      }
      if (item.input === `john.doe-${t}@example.com`) {
        expect([item.status, item.userId]).toEqual(["PENDING", byEmail.id]);
        continue;
      }
      if (!user) {
        expect(item.status, item.input).toBe("NOT_FOUND");
        continue;
      }
      expect(item.userId, item.input).toBe(user.id);
      expect(item.status, item.input).toBe(user.id === there.id ? "SKIPPED" : "PENDING");
    }
    expect(await countItems(fx.pool, queued.jobId)).toMatchObject({ UNRESOLVED: 0, PENDING: 401, SKIPPED: 2, NOT_FOUND: 12 });

    // Requests: a handful of listings plus one read per entry no listing matched (the 12 unknown).
    const after = fx.sb.control.counters().requests;
    const spent = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
    expect(spent("GET /api/v1/users/:id")).toBe(12);
    expect(spent("GET /api/v1/users")).toBeLessThanOrEqual(8);
    expect(job?.previewRequests).toBe(Object.keys(after).reduce((sum, key) => sum + spent(key), 0));
    expect(job?.previewRequests).toBeLessThanOrEqual(entries.length / 15);

    const progress = await bulkProgress(deps, connectionId, queued.jobId);
    expect(progress.preview).toMatchObject({ resolved: entries.length, total: entries.length, requests: job?.previewRequests });
    expect(progress.plan.requests).toBe(401);
  });

  it("cancelled before a worker got to it, it never asks Okta", async () => {
    const target = fx.realm("pj-cancel");
    const queued = await queue(["a@x.example", "b@x.example"], target.id);
    expect(await cancelBulkJob(deps, connectionId, queued.jobId)).toBe("CANCELLED");
    const before = fx.sb.control.counters().requests;
    expect(await runBulkJob(fx.runnerDeps(), queued.jobId)).toBe("not-claimed");
    expect(fx.sb.control.counters().requests).toEqual(before);
    expect(await countItems(fx.pool, queued.jobId)).toMatchObject({ UNRESOLVED: 0, PENDING: 0 });
    expect((await getJob(fx.pool, queued.jobId))?.status).toBe("CANCELLED");
  });

  it("a target realm that doesn't exist ends the preview with Okta's explanation", async () => {
    const queued = await queue(["a@x.example"], "guo0000000000000none");
    expect(await runBulkJob(fx.runnerDeps(), queued.jobId)).toBe("finished");
    const job = await getJob(fx.pool, queued.jobId);
    expect(job?.status).toBe("FAILED");
    expect(job?.lastError).toMatch(/^The preview stopped: This realm no longer exists in Okta/);
  });

  it("stopped mid-way (instance shutdown), a new worker continues from the entries not yet resolved", async () => {
    const source = fx.realm("pj-resume-src");
    const target = fx.realm("pj-resume-dst");
    const t = Date.now().toString(36);
    fx.sb.control.addUsers({ count: 8, realmId: source.id, loginPattern: `resume${t}-{n}@example.com` });
    const entries = Array.from({ length: 8 }, (_, i) => `resume${t}-${i + 1}@example.com`);
    const queued = await queue(entries, target.id);
    const before = fx.sb.control.counters().requests;

    // Slow listings, so the shutdown lands while the third chunk is still being looked up.
    fx.sb.control.setFaults([{ method: "GET", pathPrefix: "/api/v1/users", latencyMs: 150 }]);
    const shutdown = new AbortController();
    const first = runBulkJob(fx.runnerDeps({ previewChunk: 2, signal: shutdown.signal }), queued.jobId);
    const listed = async () => {
      const c = await countItems(fx.pool, queued.jobId);
      return { unresolved: c.UNRESOLVED, all: Object.values(c).reduce((a, b) => a + b, 0) };
    };
    for (let c = await listed(); c.all === 0 || c.unresolved > 4; c = await listed()) await new Promise((r) => setTimeout(r, 2));
    shutdown.abort();
    expect(await first).toBe("stopped");
    fx.sb.control.clearFaults();
    const saved = 8 - (await countItems(fx.pool, queued.jobId)).UNRESOLVED;
    expect(saved).toBeGreaterThanOrEqual(4);
    expect((await getJob(fx.pool, queued.jobId))?.status).toBe("RESOLVING");

    const listingsBefore = fx.sb.control.counters().requests["GET /api/v1/users"] ?? 0;
    expect(await runBulkJob(fx.runnerDeps({ previewChunk: 2 }), queued.jobId)).toBe("finished");
    expect((await getJob(fx.pool, queued.jobId))?.status).toBe("PREVIEW");
    expect(await countItems(fx.pool, queued.jobId)).toMatchObject({ UNRESOLVED: 0, PENDING: 8 });
    // One listing per chunk of 2 still unresolved: what was saved is not asked again.
    expect((fx.sb.control.counters().requests["GET /api/v1/users"] ?? 0) - listingsBefore).toBe((8 - saved) / 2);
    const after = fx.sb.control.counters().requests;
    const spent = Object.keys(after).reduce((sum, key) => sum + (after[key] ?? 0) - (before[key] ?? 0), 0);
    expect((await getJob(fx.pool, queued.jobId))?.previewRequests).toBe(spent);
  });

  it("the page's rate is measured over the time the job has run and never shows more than the limit Okta enforces", async () => {
    const target = fx.realm("pj-rate");
    const queued = await queue(Array.from({ length: 60 }, (_, i) => `rate${i}@example.com`), target.id);
    await expandPendingEntries(fx.pool, queued.jobId);
    // A job 4 s into its run that finished 40 users in a burst, on an org whose update limit is 300/min.
    await fx.pool.query(`UPDATE "BulkMoveItem" SET "status" = CASE WHEN "seq" <= 40 THEN 'MOVED'::"BulkItemStatus" ELSE 'PENDING'::"BulkItemStatus" END, "userId" = 'u' || "seq", "changedAt" = now() WHERE "jobId" = $1`, [queued.jobId]);
    await fx.pool.query(`UPDATE "BulkMoveJob" SET "status" = 'RUNNING', "startedAt" = now() - interval '4 seconds', "maxApiCapacity" = 50 WHERE "id" = $1`, [queued.jobId]);
    await fx.pool.query(
      `INSERT INTO "OktaRateBucket" ("key", "origin", "limit", "remaining", "resetAtMs", "nextAtMs", "probeUntilMs", "updatedAtMs")
       VALUES ($1, $2, 300, 0, 0, 0, 0, 0) ON CONFLICT ("key") DO UPDATE SET "limit" = 300`,
      [`${fx.sb.url} POST /api/v1/users/{id}`, fx.sb.url],
    );
    const progress = await bulkProgress(deps, connectionId, queued.jobId);
    // 40 in 4 s would read as 600/min; Okta lets 300/min through, and this job may use half of it.
    expect(progress.ratePerMinute).toBe(300);
    expect(progress.limitPerMinute).toBe(300);
    expect(progress.etaSeconds).toBe(Math.round((20 / 150) * 60));
    expect(progress.plan).toEqual({ requests: 20, ratePerMinute: 150, seconds: 8 });
    await fx.pool.query(`DELETE FROM "OktaRateBucket" WHERE "key" = $1`, [`${fx.sb.url} POST /api/v1/users/{id}`]);
    await fx.pool.query(`UPDATE "BulkMoveJob" SET "status" = 'CANCELLED' WHERE "id" = $1`, [queued.jobId]);
  });
});
