// The governor's group commit: many concurrent acquire() calls of one process are decided together
// under the org lock, and responses are recorded in batches. What must still hold: the org's
// concurrency cap, one lease per grant (all released after the answers), the granted count, and
// headers that lower the bucket are applied while headers that change nothing are skipped.
import { afterAll, describe, expect, it } from "vitest";
import { createBulkPool } from "@/lib/bulk/pool";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { createPostgresGovernor } from "./postgres-governor";

const pool = createBulkPool(testDatabaseUrl(), 4);
afterAll(async () => {
  await pool.end();
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function rateHeaders(limit: number, remaining: number, resetEpochSeconds: number): Headers {
  return new Headers({
    "x-rate-limit-limit": String(limit),
    "x-rate-limit-remaining": String(remaining),
    "x-rate-limit-reset": String(resetEpochSeconds),
    date: new Date().toUTCString(),
  });
}

describe("Postgres governor, concurrent callers in one process", () => {
  it("60 concurrent requests: never more than the org's 8 in flight, every one granted once, every lease released", async () => {
    const origin = `https://batch-${Date.now()}.okta.example`;
    const key = `${origin} GET /api/v1/users/{id}`;
    const governor = createPostgresGovernor({ pool, orgConcurrency: 8 });
    const reset = Math.floor(Date.now() / 1000) + 60;
    // A large bucket, so pacing (one slot every window / budget) doesn't space the requests out.
    const LIMIT = 1_000_000;
    let remaining = LIMIT;
    let inFlight = 0;
    let maxInFlight = 0;
    await Promise.all(
      Array.from({ length: 60 }, async () => {
        await governor.acquire(key);
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await sleep(15);
        inFlight -= 1;
        governor.observe(key, rateHeaders(LIMIT, --remaining, reset));
      }),
    );
    await governor.flush();

    expect(maxInFlight).toBeLessThanOrEqual(8);
    expect(maxInFlight).toBeGreaterThan(1); // batched, not one at a time
    const leases = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "OktaInFlight" WHERE "origin" = $1`, [origin]);
    expect(Number(leases.rows[0]?.n)).toBe(0);
    const [bucket] = await governor.snapshot(origin);
    expect(bucket?.granted).toBe(60);
    expect(bucket?.limit).toBe(LIMIT);
    // Our own count (LIMIT - 60 grants) is what Okta's headers said too: nothing was lost either way.
    expect(bucket?.remaining).toBe(LIMIT - 60);
  });

  it("headers that lower the bucket (someone else spends it) are applied; headers that change nothing are skipped", async () => {
    const origin = `https://lower-${Date.now()}.okta.example`;
    const key = `${origin} POST /api/v1/users/{id}`;
    const governor = createPostgresGovernor({ pool });
    const reset = Math.floor(Date.now() / 1000) + 60;
    // The probe learns the bucket: 600, 599 left.
    await governor.acquire(key);
    governor.observe(key, rateHeaders(600, 599, reset));
    await governor.flush();
    expect((await governor.snapshot(origin))[0]?.remaining).toBe(599);

    await governor.acquire(key); // our count: 598
    governor.observe(key, rateHeaders(600, 598, reset)); // what we expected: no change
    await governor.flush();
    expect((await governor.snapshot(origin))[0]?.remaining).toBe(598);

    await governor.acquire(key); // our count: 597
    governor.observe(key, rateHeaders(600, 400, reset)); // another client spent 197 meanwhile
    await governor.flush();
    const [bucket] = await governor.snapshot(origin);
    expect(bucket?.remaining).toBe(400);
    expect(bucket?.granted).toBe(3);
  });

  it("a window Okta opened after our grant (the request left late) ends when Okta's answer says, so the next window's first requests draw no 429", async () => {
    const origin = `https://late-${Date.now()}.okta.example`;
    const key = `${origin} POST /api/v1/users/{id}`;
    const t0 = Date.now();
    let clock = t0;
    const governor = createPostgresGovernor({ pool, now: () => clock, sleep: async (ms) => void (clock += ms) });
    // No Date header: the reset is read against our (test) clock.
    const answer = (remaining: number, windowStartMs: number) =>
      new Headers({ "x-rate-limit-limit": "10", "x-rate-limit-remaining": String(remaining), "x-rate-limit-reset": String(Math.ceil((windowStartMs + 60_000) / 1000)) });
    await governor.acquire(key);
    clock += 50;
    governor.observe(key, answer(9, t0 + 20));
    await governor.flush();

    // The window has passed: the governor assumes a new one from its grant; the request reaches Okta 300 ms later.
    clock = t0 + 60_200;
    await governor.acquire(key);
    const oktaWindowStart = clock + 300;
    clock = oktaWindowStart + 50;
    governor.observe(key, answer(9, oktaWindowStart));
    await governor.flush();
    const [bucket] = await governor.snapshot(origin);
    expect(bucket?.resetAtMs).toBeGreaterThanOrEqual(oktaWindowStart + 60_000);
    expect(bucket?.resetAtMs).toBeLessThanOrEqual(oktaWindowStart + 61_000);
  });
});
