import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, field, start, type Sandbox } from "../management/test-support/client";

let sb: Sandbox;
beforeEach(async () => {
  sb = await start();
});
afterEach(() => sb.stop());

describe("rate limits", () => {
  it("sends X-Rate-Limit headers with Okta's Enterprise defaults on every /api/v1 response", async () => {
    const users = await call(sb, "GET", "/api/v1/users?limit=1");
    expect(users.headers.get("x-rate-limit-limit")).toBe("600");
    expect(users.headers.get("x-rate-limit-remaining")).toBe("599");
    const one = await call(sb, "GET", `/api/v1/users/${sb.seeded.admin.id}`);
    expect(one.headers.get("x-rate-limit-limit")).toBe("1000");
    const notFound = await call(sb, "GET", "/api/v1/realms/guoNope");
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get("x-rate-limit-limit")).toBe("600");
    const reset = Number(users.headers.get("x-rate-limit-reset"));
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Math.ceil(sb.clock.now() / 1000) + 60);
  });

  it("answers a burst past the bucket with 429 E0000047 until the clock passes X-Rate-Limit-Reset", async () => {
    sb.control.setRateLimits({ buckets: { "api-other": 5 } });
    for (let i = 0; i < 5; i++) expect((await call(sb, "GET", "/api/v1/realms")).status).toBe(200);
    const limited = await call(sb, "GET", "/api/v1/realms");
    expect(limited.status).toBe(429);
    expect(field(limited.json, "errorCode")).toBe("E0000047");
    expect(limited.headers.get("x-rate-limit-remaining")).toBe("0");
    const reset = Number(limited.headers.get("x-rate-limit-reset"));
    // Other buckets are unaffected.
    expect((await call(sb, "GET", "/api/v1/users?limit=1")).status).toBe(200);
    sb.control.advanceClock(reset * 1000 - sb.clock.now() + 1);
    const again = await call(sb, "GET", "/api/v1/realms");
    expect(again.status).toBe(200);
    expect(again.headers.get("x-rate-limit-remaining")).toBe("4");
  });

  it("trips the concurrent-request limit with Limit and Remaining 0", async () => {
    sb.control.setRateLimits({ concurrency: 2 });
    sb.control.setLatency(300);
    const replies = await Promise.all(Array.from({ length: 6 }, () => call(sb, "GET", "/api/v1/realms")));
    const limited = replies.filter((r) => r.status === 429);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(2);
    expect(limited).toHaveLength(4);
    for (const r of limited) {
      expect(field(r.json, "errorCode")).toBe("E0000047");
      expect(r.headers.get("x-rate-limit-limit")).toBe("0");
      expect(r.headers.get("x-rate-limit-remaining")).toBe("0");
    }
    sb.control.setLatency(0);
    expect((await call(sb, "GET", "/api/v1/realms")).status).toBe(200);
  });

  it("injects 429 storms, 5xx answers and hangs on request", async () => {
    sb.control.addFault({ pathPrefix: "/api/v1/users", rateLimitNext: 2 });
    expect((await call(sb, "GET", "/api/v1/users")).status).toBe(429);
    expect((await call(sb, "GET", "/api/v1/users")).status).toBe(429);
    expect((await call(sb, "GET", "/api/v1/users")).status).toBe(200);
    sb.control.setFaults([{ method: "GET", pathPrefix: "/api/v1/realms", failNext: 1, errorStatus: 503 }]);
    const failed = await call(sb, "GET", "/api/v1/realms");
    expect(failed.status).toBe(503);
    expect(field(failed.json, "errorCode")).toBe("E0000009");
    expect((await call(sb, "GET", "/api/v1/realms")).status).toBe(200);
    sb.control.setFaults([{ pathPrefix: "/api/v1/realms", hang: true }]);
    await expect(fetch(`${sb.url}/api/v1/realms`, { headers: { authorization: `SSWS ${sb.apiToken}` }, signal: AbortSignal.timeout(300) })).rejects.toThrow();
    sb.control.clearFaults();
    expect(sb.control.counters().faultsInjected).toBe(2);
  });
});
