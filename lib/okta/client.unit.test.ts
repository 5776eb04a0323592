import { describe, expect, it, vi } from "vitest";
import { createOktaClient, type OktaClientOptions } from "./client";
import {
  OktaForbiddenError,
  OktaInsufficientScopeError,
  OktaInvalidSearchError,
  OktaNotFoundError,
  OktaOutcomeUnknownError,
  OktaRateLimitedError,
  OktaUnauthorizedError,
  OktaUpstreamError,
  OktaValidationError,
} from "./errors";
import type { OktaCallInfo } from "./transport";
import { fakeOkta, fakeTime, ORIGIN, oktaError, realmJson, type Responder, userJson } from "./test-support/fake-okta";

function setup(respond: Responder, extra: Partial<OktaClientOptions> = {}) {
  const okta = fakeOkta(respond);
  const time = fakeTime();
  const calls: OktaCallInfo[] = [];
  const getAccessToken = vi.fn(async (opts?: { forceRefresh?: boolean }) => (opts?.forceRefresh ? "fresh-token" : "cached-token"));
  const client = createOktaClient({
    origin: ORIGIN,
    getAccessToken,
    fetch: okta.fetch,
    sleep: time.sleep,
    now: time.now,
    random: () => 0.5,
    onCall: (info) => calls.push(info),
    ...extra,
  });
  return { client, sent: okta.sent, time, calls, getAccessToken };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail");
}

describe("requests", () => {
  it("sends the bearer token and JSON accept header, never follows redirects, and reports the Okta request id", async () => {
    const { client, sent, calls } = setup(() => ({
      status: 200,
      body: realmJson("guo1"),
      headers: { "X-Okta-Request-Id": "req-abc", "X-Rate-Limit-Limit": "600", "X-Rate-Limit-Remaining": "599", "X-Rate-Limit-Reset": "1780315260" },
    }));
    const realm = await client.realms.get("guo1");
    expect(realm.profile.name).toBe("Realm guo1");
    expect(sent[0]).toMatchObject({
      url: `${ORIGIN}/api/v1/realms/guo1`,
      method: "GET",
      redirect: "manual",
      headers: { authorization: "Bearer cached-token", accept: "application/json" },
    });
    expect(calls).toEqual([
      expect.objectContaining({
        operation: "getRealm",
        method: "GET",
        path: "/api/v1/realms/guo1",
        status: 200,
        oktaRequestId: "req-abc",
        attempt: 1,
        rateLimit: { limit: 600, remaining: 599, resetAtMs: 1780315260000 },
      }),
    ]);
  });

  it("keeps extra fields Okta adds but refuses a realm missing what the app reads", async () => {
    const { client } = setup((_, i) =>
      i === 0 ? { status: 200, body: realmJson("guo1") } : { status: 200, body: { ...realmJson("guo2"), profile: {} } },
    );
    const realm = await client.realms.get("guo1");
    expect(realm).toHaveProperty("somethingOktaAddedLater");
    const error = await failure(client.realms.get("guo2"));
    expect(error).toBeInstanceOf(OktaUpstreamError);
    expect(error).toMatchObject({ kind: "unexpected_response" });
  });

  it("encodes ids into the path so they can't add segments", async () => {
    const { client, sent } = setup(() => ({ status: 200, body: userJson("00u1", "a/b?c@x.com") }));
    await client.users.get("a/b?c@x.com");
    expect(sent[0]?.url).toBe(`${ORIGIN}/api/v1/users/a%2Fb%3Fc%40x.com`);
    expect(() => client.realms.get("..")).toThrow(/invalid path parameter/);
  });

  it("treats a 3xx as an error and doesn't follow it", async () => {
    const { client, sent } = setup(() => ({ status: 302, headers: { Location: "https://evil.example/steal" } }));
    const error = await failure(client.realms.get("guo1"));
    expect(error).toMatchObject({ kind: "redirect" });
    expect(sent).toHaveLength(1);
  });
});

describe("401: one forced refresh", () => {
  it("asks for a fresh token once and succeeds with it", async () => {
    const { client, sent, getAccessToken } = setup((req) =>
      req.headers.authorization === "Bearer fresh-token"
        ? { status: 200, body: realmJson("guo1") }
        : { status: 401, body: oktaError("E0000011", "Invalid token provided") },
    );
    await expect(client.realms.get("guo1")).resolves.toMatchObject({ id: "guo1" });
    expect(getAccessToken).toHaveBeenLastCalledWith({ forceRefresh: true });
    expect(sent.map((r) => r.headers.authorization)).toEqual(["Bearer cached-token", "Bearer fresh-token"]);
  });

  it("a second 401 means the connection needs reauthorization (also for a POST)", async () => {
    const { client, sent } = setup(() => ({ status: 401, body: oktaError("E0000011", "Invalid token provided") }));
    const error = await failure(client.realms.create({ name: "Partners" }));
    expect(error).toBeInstanceOf(OktaUnauthorizedError);
    expect(error).toMatchObject({ needsReauthorization: true });
    expect(sent).toHaveLength(2);
  });
});

describe("429: waits until X-Rate-Limit-Reset", () => {
  it("sleeps until the reset Okta announced (by Okta's Date header), then succeeds", async () => {
    const { client, sent, time } = setup((_, i) => {
      if (i > 0) return { status: 200, body: realmJson("guo1") };
      const serverNow = time.now();
      return {
        status: 429,
        body: oktaError("E0000047", "API call exceeded rate limit due to too many requests."),
        headers: {
          Date: new Date(serverNow).toUTCString(),
          "X-Rate-Limit-Limit": "10",
          "X-Rate-Limit-Remaining": "0",
          "X-Rate-Limit-Reset": String(Math.floor(serverNow / 1000) + 7),
        },
      };
    });
    await expect(client.realms.get("guo1")).resolves.toMatchObject({ id: "guo1" });
    expect(sent).toHaveLength(2);
    expect(time.sleeps).toHaveLength(1);
    const [waited = 0] = time.sleeps;
    expect(waited).toBeGreaterThanOrEqual(7_000);
    expect(waited).toBeLessThanOrEqual(7_000 + 500);
  });

  it("retries a rate-limited POST too (a 429 is a refusal, nothing happened)", async () => {
    const { client, sent } = setup((_, i) =>
      i === 0
        ? { status: 429, headers: { "X-Rate-Limit-Reset": String(Math.floor(Date.parse("2026-06-01T12:00:00Z") / 1000) + 1) } }
        : { status: 200, body: realmJson("guo9", "Partners") },
    );
    await expect(client.realms.create({ name: "Partners" })).resolves.toMatchObject({ id: "guo9" });
    expect(sent.map((r) => r.method)).toEqual(["POST", "POST"]);
  });

  it("gives up at once with RateLimited when the reset is further away than the cap", async () => {
    const { client, sent, time } = setup(
      () => ({ status: 429, headers: { "X-Rate-Limit-Reset": String(Math.floor(time.now() / 1000) + 3600) } }),
      { retry: { maxRateLimitWaitMs: 60_000 } },
    );
    const error = await failure(client.realms.get("guo1"));
    expect(error).toBeInstanceOf(OktaRateLimitedError);
    expect((error as OktaRateLimitedError).message).toMatch(/Try again after \d\d:\d\d:\d\d UTC/);
    expect(sent).toHaveLength(1);
    expect(time.sleeps).toHaveLength(0);
  });

  it("stops after maxRateLimitWaits", async () => {
    const { client, sent } = setup(() => ({ status: 429, headers: {} }), { retry: { maxRateLimitWaits: 2 } });
    await expect(client.realms.get("guo1")).rejects.toBeInstanceOf(OktaRateLimitedError);
    expect(sent).toHaveLength(3);
  });
});

describe("5xx and timeouts: only idempotent calls are retried", () => {
  it("a GET succeeds after two 500s, with growing backoff", async () => {
    const { client, sent, time } = setup((_, i) => (i < 2 ? { status: 500, body: oktaError("E0000009", "Internal Server Error") } : { status: 200, body: realmJson("guo1") }));
    await expect(client.realms.get("guo1")).resolves.toMatchObject({ id: "guo1" });
    expect(sent).toHaveLength(3);
    expect(time.sleeps).toEqual([225, 450]); // equal jitter at random()=0.5 of 300 ms, 600 ms
  });

  it("a GET that keeps failing ends in Upstream with a reference id, not Okta's text", async () => {
    const { client, sent } = setup(() => ({ status: 503, body: oktaError("E0000009", "Internal Server Error: db-7 stack trace") }));
    const error = await failure(client.realms.get("guo1"));
    expect(error).toBeInstanceOf(OktaUpstreamError);
    expect(error).not.toBeInstanceOf(OktaOutcomeUnknownError);
    const upstream = error as OktaUpstreamError;
    expect(upstream.message).toContain(upstream.referenceId);
    expect(upstream.message).not.toMatch(/db-7|stack/);
    expect(sent).toHaveLength(4); // 1 + maxRetries (3)
  });

  it("a PUT replace is retried", async () => {
    const { client, sent } = setup((_, i) => (i === 0 ? { status: 502 } : { status: 200, body: realmJson("guo1", "New name") }));
    await expect(client.realms.replace("guo1", { name: "New name" })).resolves.toMatchObject({ profile: { name: "New name" } });
    expect(sent).toHaveLength(2);
  });

  it("a POST create is sent once and reported as 'may or may not have happened'", async () => {
    const { client, sent } = setup(() => ({ status: 500, body: oktaError("E0000009", "Internal Server Error") }));
    const error = await failure(client.users.create({ profile: { login: "a@x.com", email: "a@x.com", firstName: "A", lastName: "B" } }));
    expect(error).toBeInstanceOf(OktaOutcomeUnknownError);
    expect((error as Error).message).toMatch(/may or may not have been made/);
    expect(sent).toHaveLength(1);
  });

  it("a GET that times out is retried; a POST that times out is not", async () => {
    const get = setup((_, i) => (i === 0 ? { hang: true } : { status: 200, body: realmJson("guo1") }), { timeoutMs: 20 });
    await expect(get.client.realms.get("guo1")).resolves.toMatchObject({ id: "guo1" });
    expect(get.calls[0]).toMatchObject({ status: 0, failure: "timeout" });

    const post = setup(() => ({ hang: true }), { timeoutMs: 20 });
    const error = await failure(post.client.realms.create({ name: "Partners" }));
    expect(error).toBeInstanceOf(OktaOutcomeUnknownError);
    expect(error).toMatchObject({ kind: "timeout" });
    expect(post.sent).toHaveLength(1);
  });

  it("a POST that never connected is retried (the request certainly didn't reach Okta)", async () => {
    const { client, sent } = setup((_, i) => (i === 0 ? { networkError: "ECONNREFUSED" } : { status: 200, body: realmJson("guo1") }));
    await expect(client.realms.create({ name: "Partners" })).resolves.toMatchObject({ id: "guo1" });
    expect(sent).toHaveLength(2);
  });

  it("a DELETE retried after a 5xx that finds nothing treats the realm as deleted", async () => {
    const { client } = setup((_, i) => (i === 0 ? { status: 504 } : { status: 404, body: oktaError("E0000007", "Not found: realm") }));
    await expect(client.realms.delete("guo1")).resolves.toBeUndefined();
  });
});

describe("error mapping", () => {
  it("403 with insufficient_scope names the scope and how to fix it", async () => {
    const { client } = setup(() => ({
      status: 403,
      headers: {
        "WWW-Authenticate": `Bearer authorization_uri="${ORIGIN}/oauth2/v1/authorize", realm="${ORIGIN}", scope="okta.users.manage", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/users"`,
      },
    }));
    const error = await failure(client.users.create({ profile: { login: "a@x.com", email: "a@x.com", firstName: "A", lastName: "B" } }));
    expect(error).toBeInstanceOf(OktaInsufficientScopeError);
    expect((error as Error).message).toBe(
      "This connection lacks okta.users.manage. Grant it on the OAuth app's Okta API Scopes tab, then reauthorize the connection.",
    );
  });

  it("403 insufficient_scope without a scope parameter names the operation's scope from the spec", async () => {
    const { client } = setup(() => ({ status: 403, headers: { "WWW-Authenticate": 'Bearer error="insufficient_scope"' } }));
    await expect(client.realms.create({ name: "Partners" })).rejects.toMatchObject({ missingScopes: ["okta.realms.manage"] });
  });

  it("403 E0000006 is the admin's role, not the scope", async () => {
    const { client } = setup(() => ({ status: 403, body: oktaError("E0000006", "You do not have permission to perform the requested action") }));
    await expect(client.realms.delete("guo1")).rejects.toBeInstanceOf(OktaForbiddenError);
  });

  it("a 403 about the object's state (E0000038) is not blamed on the admin's role", async () => {
    const { client } = setup(() => ({ status: 403, body: oktaError("E0000038", "This operation is not allowed in the user's current status.") }));
    const error = await failure(client.realmAssignments.activate("rul1"));
    expect(error).toBeInstanceOf(OktaValidationError);
    expect(error).toMatchObject({ formErrors: ["This operation is not allowed in the user's current status."] });
  });

  it("404 says which kind of object is gone", async () => {
    const { client } = setup(() => ({ status: 404, body: oktaError("E0000007", "Not found: Resource not found: guo1 (Realm)") }));
    const error = await failure(client.realms.get("guo1"));
    expect(error).toBeInstanceOf(OktaNotFoundError);
    expect((error as Error).message).toMatch(/^This realm no longer exists in Okta/);
  });

  it("400 E0000001 causes become field errors", async () => {
    const { client } = setup(() => ({
      status: 400,
      body: oktaError("E0000001", "Api validation failed: login", [
        "login: An object with this field already exists in the current organization",
        "profile.domains: The domain must not contain forbidden characters.",
        "Something without a field",
      ]),
      headers: { "X-Okta-Request-Id": "req-400" },
    }));
    const error = await failure(client.users.create({ profile: { login: "a@x.com", email: "a@x.com", firstName: "A", lastName: "B" } }));
    expect(error).toBeInstanceOf(OktaValidationError);
    const v = error as OktaValidationError;
    expect(v.fieldErrors).toEqual({
      login: ["An object with this field already exists in the current organization"],
      "profile.domains": ["The domain must not contain forbidden characters."],
    });
    expect(v.formErrors).toEqual(["Something without a field"]);
    expect(v.oktaRequestId).toBe("req-400");
    expect(v.toPublic()).toMatchObject({ code: "validation", fieldErrors: v.fieldErrors, referenceId: v.referenceId });
  });

  it("E0000031 is an invalid search; search+filter is refused before calling", async () => {
    const { client, sent } = setup(() => ({ status: 400, body: oktaError("E0000031", "Invalid search criteria.") }));
    await expect(client.realms.list({ search: "profile.name zz 1" }).collect()).rejects.toBeInstanceOf(OktaInvalidSearchError);
    expect(() => client.users.list({ search: 'status eq "ACTIVE"', filter: 'status eq "ACTIVE"' })).toThrow(OktaInvalidSearchError);
    expect(sent).toHaveLength(1);
  });
});

describe("pagination: Link rel=next, verbatim", () => {
  const pages = [
    { items: ["00u1", "00u2"], next: `${ORIGIN}/api/v1/users?after=opaque%2Bcursor%3D%3D&limit=2&search=realmId+eq+%22guo1%22` },
    { items: ["00u3", "00u4"], next: `${ORIGIN}/api/v1/users?limit=2&after=zzz` },
    { items: ["00u5"], next: undefined },
  ];
  const responder: Responder = (req) => {
    const index = req.url.includes("after=zzz") ? 2 : req.url.includes("opaque") ? 1 : 0;
    const page = pages[index];
    if (!page) throw new Error("no such page");
    const links = [`<${req.url}>; rel="self"`, ...(page.next ? [`<${page.next}>; rel="next"`] : [])];
    return { status: 200, body: page.items.map((id) => userJson(id)), headers: { Link: links.join(", ") } };
  };

  it("lists every record once and requests exactly the next URLs Okta gave", async () => {
    const { client, sent } = setup(responder);
    const ids: string[] = [];
    for await (const user of client.users.list({ search: 'realmId eq "guo1"', limit: 2 })) ids.push(user.id);
    expect(ids).toEqual(["00u1", "00u2", "00u3", "00u4", "00u5"]);
    expect(sent.map((r) => r.url)).toEqual([
      `${ORIGIN}/api/v1/users?search=realmId%20eq%20%22guo1%22&limit=2`,
      pages[0]?.next,
      pages[1]?.next,
    ]);
  });

  it("stops at maxRecords without fetching further pages and says more exist", async () => {
    const { client, sent } = setup(responder);
    const result = await client.users.list({ limit: 2 }).collect({ maxRecords: 3 });
    expect(result.items.map((u) => u.id)).toEqual(["00u1", "00u2", "00u3"]);
    expect(result.truncated).toBe(true);
    expect(sent).toHaveLength(2);
  });

  it("ends quietly when the stop signal fires", async () => {
    const { client, sent } = setup(responder);
    const stop = new AbortController();
    const seen: number[] = [];
    for await (const page of client.users.list({ limit: 2 }).pages({ stop: stop.signal })) {
      seen.push(page.items.length);
      stop.abort();
    }
    expect(seen).toEqual([2]);
    expect(sent).toHaveLength(1);
  });

  it("refuses a next link on another host instead of sending the token there", async () => {
    const { client, sent } = setup(() => ({
      status: 200,
      body: [userJson("00u1")],
      headers: { Link: `<https://evil.example/api/v1/users?after=1>; rel="next"` },
    }));
    const error = await failure(client.users.list().collect());
    expect(error).toMatchObject({ kind: "off_origin" });
    expect(sent).toHaveLength(1);
  });

  it("refuses a cursor that repeats (would loop forever)", async () => {
    const { client } = setup((req) => ({ status: 200, body: [userJson("00u1")], headers: { Link: `<${req.url}>; rel="next"` } }));
    await expect(client.users.list().collect()).rejects.toMatchObject({ kind: "unexpected_response" });
  });
});

describe("observers", () => {
  it("a throwing onCall hook doesn't turn an applied create into an error", async () => {
    const { client, sent } = setup(() => ({ status: 200, body: realmJson("guo1") }), {
      onCall: () => {
        throw new Error("audit store down");
      },
    });
    await expect(client.realms.create({ name: "Partners" })).resolves.toMatchObject({ id: "guo1" });
    expect(sent).toHaveLength(1);
  });
});

describe("governor", () => {
  it("acquires before and observes the rate-limit headers after every attempt", async () => {
    const events: string[] = [];
    const { client } = setup(() => ({ status: 200, body: realmJson("guo1"), headers: { "X-Rate-Limit-Remaining": "5" } }), {
      governor: {
        acquire: async (key) => void events.push(`acquire ${key}`),
        observe: (key, headers) => void events.push(`observe ${key} ${headers.get("x-rate-limit-remaining")}`),
      },
    });
    await client.realms.get("guo1");
    expect(events).toEqual([
      `acquire ${ORIGIN} GET /api/v1/realms/{realmId}`,
      `observe ${ORIGIN} GET /api/v1/realms/{realmId} 5`,
    ]);
  });

  it("hands the slot back when no token can be had (nothing sent, no lease left held)", async () => {
    const events: string[] = [];
    const { client, sent } = setup(() => ({ status: 200, body: realmJson("guo1") }), {
      getAccessToken: async () => {
        throw new Error("refresh failed");
      },
      governor: {
        acquire: async (key) => void events.push(`acquire ${key}`),
        observe: (key, headers) => void events.push(`observe ${key} ${headers.get("x-rate-limit-remaining")}`),
      },
    });
    await expect(client.realms.get("guo1")).rejects.toThrow("refresh failed");
    expect(sent).toHaveLength(0);
    expect(events).toEqual([`acquire ${ORIGIN} GET /api/v1/realms/{realmId}`, `observe ${ORIGIN} GET /api/v1/realms/{realmId} null`]);
  });
});
