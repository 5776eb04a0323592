import { describe, expect, it } from "vitest";
import { createOktaClient } from "./client";
import { createRateLimitGovernor } from "./governor";
import { fakeOkta, fakeTime, ORIGIN, realmJson } from "./test-support/fake-okta";

describe("rate-limit governor", () => {
  it("holds a bulk caller back until the reset once the budget is down to the reserve, avoiding the 429", async () => {
    const time = fakeTime();
    const windowEnd = () => Math.floor(time.now() / 1000) * 1000 + 30_000;
    let reset = windowEnd();
    let remaining = 3;
    const okta = fakeOkta(() => {
      if (time.now() >= reset) {
        reset = windowEnd();
        remaining = 3;
      }
      if (remaining === 0) return { status: 429 };
      remaining--;
      return {
        status: 200,
        body: realmJson("guo1"),
        headers: {
          Date: new Date(time.now()).toUTCString(),
          "X-Rate-Limit-Limit": "3",
          "X-Rate-Limit-Remaining": String(remaining),
          "X-Rate-Limit-Reset": String(reset / 1000),
        },
      };
    });
    const governor = createRateLimitGovernor({ reserve: 1, now: time.now, sleep: time.sleep });
    const client = createOktaClient({ origin: ORIGIN, getAccessToken: async () => "t", fetch: okta.fetch, governor, now: time.now, sleep: time.sleep });

    for (let i = 0; i < 5; i++) await client.realms.get("guo1");

    expect(okta.sent).toHaveLength(5); // no 429 was ever sent back
    expect(time.sleeps.length).toBeGreaterThan(0);
    expect(Object.values(governor.snapshot())[0]).toMatchObject({ limit: 3 });
  });

  it("lets interactive calls (reserve 0, lib/realms/deps.ts) spend the whole budget, then waits for the reset instead of drawing a 429", async () => {
    const time = fakeTime();
    const reset = Math.floor(time.now() / 1000) * 1000 + 30_000;
    let remaining = 3;
    const okta = fakeOkta(() => {
      if (time.now() >= reset) remaining = 3;
      if (remaining === 0) return { status: 429 };
      remaining--;
      const headers = { Date: new Date(time.now()).toUTCString(), "X-Rate-Limit-Limit": "3", "X-Rate-Limit-Remaining": String(remaining), "X-Rate-Limit-Reset": String(reset / 1000) };
      return { status: 200, body: realmJson("guo1"), headers };
    });
    const governor = createRateLimitGovernor({ reserve: 0, now: time.now, sleep: time.sleep });
    const client = createOktaClient({ origin: ORIGIN, getAccessToken: async () => "t", fetch: okta.fetch, governor, now: time.now, sleep: time.sleep });

    for (let i = 0; i < 3; i++) await client.realms.get("guo1");
    expect(time.sleeps).toEqual([]); // the budget's three calls went at once
    await client.realms.get("guo1");
    expect(okta.sent).toHaveLength(4); // the fourth waited for the new window: no 429 was drawn
    expect(time.now()).toBeGreaterThanOrEqual(reset);
  });

  it("doesn't wait while there is budget", async () => {
    const time = fakeTime();
    const governor = createRateLimitGovernor({ now: time.now, sleep: time.sleep });
    governor.observe("k", new Headers({ "X-Rate-Limit-Limit": "600", "X-Rate-Limit-Remaining": "500", "X-Rate-Limit-Reset": String(Math.floor(time.now() / 1000) + 60) }));
    await governor.acquire("k");
    expect(time.sleeps).toEqual([]);
  });
});
