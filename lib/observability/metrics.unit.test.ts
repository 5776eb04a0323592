import { describe, expect, it } from "vitest";
import { createOktaClient } from "../okta/client";
import { fakeOkta, fakeTime, oktaError, ORIGIN, realmJson, type Reply } from "../okta/test-support/fake-okta";
import { metrics, orgLabel, recordTokenRefresh } from "./metrics";
import { checkMetricsAccess } from "./metrics-access";

const series = async () => metrics().registry.metrics();

describe("metrics endpoint access", () => {
  it("is off (404) without METRICS_TOKEN, needs the exact bearer token otherwise", () => {
    expect(checkMetricsAccess("Bearer anything", undefined)).toEqual({ ok: false, status: 404 });
    const token = "m".repeat(32);
    expect(checkMetricsAccess(null, token)).toEqual({ ok: false, status: 401 });
    expect(checkMetricsAccess(`Bearer ${token}x`, token)).toEqual({ ok: false, status: 401 });
    expect(checkMetricsAccess(`Basic ${token}`, token)).toEqual({ ok: false, status: 401 });
    expect(checkMetricsAccess(`Bearer ${token}`, token)).toEqual({ ok: true });
  });
});

describe("Okta request metrics", () => {
  it("counts each attempt by operation and status, times it, records 429s and the bucket's remaining budget by hashed org", async () => {
    const okta = fakeOkta((_, i): Reply =>
      i === 0
        ? { status: 429, body: oktaError("E0000047", "rate limited"), headers: { "X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Reset": String(Math.floor(Date.parse("2026-06-01T12:00:00Z") / 1000) + 1) } }
        : { status: 200, body: realmJson("guo1"), headers: { "X-Rate-Limit-Limit": "600", "X-Rate-Limit-Remaining": "598" } },
    );
    const time = fakeTime();
    const client = createOktaClient({ origin: ORIGIN, getAccessToken: async () => "t", fetch: okta.fetch, sleep: time.sleep, now: time.now, random: () => 0.5 });
    await client.realms.get("guo1");
    const text = await series();
    expect(text).toMatch(/orc_okta_requests_total\{operation="getRealm",status="429"\} 1/);
    expect(text).toMatch(/orc_okta_requests_total\{operation="getRealm",status="200"\} 1/);
    expect(text).toMatch(/orc_okta_rate_limited_total\{operation="getRealm"\} 1/);
    expect(text).toMatch(/orc_okta_request_duration_seconds_count\{operation="getRealm",status_class="2xx"\} 1/);
    const org = orgLabel(ORIGIN);
    expect(org).toMatch(/^[0-9a-f]{12}$/);
    expect(text).toContain(`orc_okta_rate_limit_remaining{org="${org}",bucket="GET /api/v1/realms/{realmId}"} 598`);
    // The org's domain itself never becomes a label.
    expect(text).not.toContain("acme.okta.com");
  });

  it("counts token refreshes by outcome and serves process metrics", async () => {
    recordTokenRefresh("success");
    recordTokenRefresh("needs_reauth");
    const text = await series();
    expect(text).toMatch(/orc_token_refreshes_total\{outcome="success"\} 1/);
    expect(text).toMatch(/orc_token_refreshes_total\{outcome="needs_reauth"\} 1/);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });
});
