// The Postgres governor shares one budget between governors in different pools (as two app
// instances would): together they stay under a small bucket with no 429 at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBulkPool } from "@/lib/bulk/pool";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { startSandbox, type Sandbox } from "@/sandbox";
import { createOktaClient } from "./client";
import { createPostgresGovernor } from "./postgres-governor";

const LIMIT = 12;
const WINDOW_SECONDS = 4;
let sb: Sandbox;
const pools = [createBulkPool(testDatabaseUrl(), 4), createBulkPool(testDatabaseUrl(), 4)];

beforeAll(async () => {
  sb = await startSandbox({ mode: "test", rateLimits: { buckets: { "user-get": LIMIT }, windowSeconds: WINDOW_SECONDS }, latencyMs: 20 });
});
afterAll(async () => {
  await sb.stop();
  await Promise.all(pools.map((p) => p.end()));
});

describe("Postgres rate governor", () => {
  it("two governors on two pools share the bucket: 2 windows' worth of requests, 0 429s", async () => {
    const user = sb.org.createUser({ profile: { login: "g@x.example", email: "g@x.example", firstName: "G", lastName: "X" }, activate: false });
    const governors = pools.map((pool) => createPostgresGovernor({ pool, windowMs: WINDOW_SECONDS * 1000 }));
    const clients = governors.map((governor) =>
      createOktaClient({ origin: sb.url, getAccessToken: async () => sb.apiToken, authorizationScheme: "SSWS", governor, retry: { maxRateLimitWaits: 0 } }),
    );
    const perClient = LIMIT; // together: two full windows
    const started = Date.now();
    const results = await Promise.allSettled(
      clients.flatMap((client) => Array.from({ length: perClient }, () => client.users.get(user.id))),
    );
    const elapsed = Date.now() - started;
    await Promise.all(governors.map((g) => g.flush()));

    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(sb.control.counters().rateLimited).toBe(0);
    // Each alone would have seen a full bucket and sent everything at once; shared, the second
    // window's requests had to wait for the reset.
    expect(elapsed).toBeGreaterThan((WINDOW_SECONDS - 1) * 1000);
    const snapshot = await governors[0]?.snapshot(sb.url);
    expect(snapshot?.find((b) => b.key.endsWith("GET /api/v1/users/{id}"))?.limit).toBe(LIMIT);
  });
});
