// The client against the sandbox Okta org (sandbox/index.ts), over real HTTP: paging a 10,000-user
// realm, rate-limit waits, retries under injected faults, and Okta's error answers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../sandbox/index";
import { DEFAULT_RATE_LIMITS } from "../../sandbox/http/rate-limit";
import { CONNECTOR_SCOPES } from "../../sandbox/org/seed";
import { createOktaClient, type OktaClientOptions } from "./client";
import {
  OktaForbiddenError,
  OktaInsufficientScopeError,
  OktaNotFoundError,
  OktaOutcomeUnknownError,
  OktaUnauthorizedError,
  OktaValidationError,
} from "./errors";
import { parseOktaDomain } from "./domain";
import { realmNameContains } from "./search";
import type { OktaCallInfo } from "./transport";
import { requiredProfileAttributes } from "./user-schema";

let sandbox: Sandbox;
let origin: string;

beforeAll(async () => {
  sandbox = await startSandbox({ mode: "test", port: 0 });
  // The sandbox is plugged in exactly as the app does it: through the development origin setting.
  const parsed = parseOktaDomain(sandbox.url, { devHttpOrigins: sandbox.url });
  if (!parsed.ok) throw new Error(parsed.message);
  origin = parsed.origin;
});

afterAll(async () => {
  await sandbox?.stop();
});

beforeEach(() => {
  sandbox.control.reset();
  // reset() keeps rate-limit settings; every test starts from Okta's defaults.
  sandbox.control.setRateLimits(DEFAULT_RATE_LIMITS);
  sandbox.control.resetCounters();
});

function client(opts: { scopes?: string[]; sub?: string } & Partial<OktaClientOptions> = {}) {
  const { scopes = CONNECTOR_SCOPES, sub, ...rest } = opts;
  const token = sandbox.control.mintAccessToken({ scopes, ...(sub ? { sub } : {}) });
  const calls: OktaCallInfo[] = [];
  const sleeps: number[] = [];
  const c = createOktaClient({
    origin,
    getAccessToken: async () => token,
    // Retries don't need real waiting here; the 429 test moves the sandbox clock instead.
    sleep: async (ms) => void sleeps.push(ms),
    onCall: (info) => calls.push(info),
    ...rest,
  });
  return { client: c, calls, sleeps };
}

const person = (login: string) => ({ login, email: login, firstName: "Ada", lastName: "Lovelace" });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail");
}

describe("paging", () => {
  it("lists a 10,000-user realm completely by following Link rel=next", async () => {
    const { client: okta, calls } = client();
    const realm = await okta.realms.create({ name: "Big realm" });
    sandbox.control.addUsers({ count: 10_000, realmId: realm.id, loginPattern: "bulk{n}@big.example" });
    // Users outside the realm must not show up.
    sandbox.control.addUsers({ count: 50, loginPattern: "other{n}@elsewhere.example" });

    const ids = new Set<string>();
    const logins = new Set<string>();
    let records = 0;
    let pages = 0;
    for await (const page of okta.users.listInRealm(realm.id).pages()) {
      pages++;
      for (const user of page.items) {
        records++;
        ids.add(user.id);
        logins.add(user.profile.login);
        expect(user.realmId).toBe(realm.id);
      }
    }
    expect(records).toBe(10_000);
    expect(ids.size).toBe(10_000);
    expect(logins.has("bulk1@big.example") || logins.has("bulk0@big.example")).toBe(true);
    expect([...logins].every((l) => l.endsWith("@big.example"))).toBe(true);
    expect(pages).toBe(50); // Okta's default page of 200
    expect(calls.filter((c) => c.operation === "listUsers")).toHaveLength(50);
  });

  it("stops at a record limit ('first 200') without fetching more pages", async () => {
    const { client: okta, calls } = client();
    sandbox.control.addUsers({ count: 450, loginPattern: "p{n}@stream.example" });
    const first = await okta.users.list({ limit: 200 }).collect({ maxRecords: 200 });
    expect(first.items).toHaveLength(200);
    expect(first.truncated).toBe(true);
    expect(calls).toHaveLength(1);
  });
});

describe("realms and assignments round trip", () => {
  it("creates, finds, replaces and deletes a realm; the deleted realm is NotFound", async () => {
    const { client: okta } = client();
    const created = await okta.realms.create({ name: "Car Co", realmType: "PARTNER", domains: ["atko.com"] });
    expect(created).toMatchObject({ isDefault: false, profile: { name: "Car Co", realmType: "PARTNER", domains: ["atko.com"] } });

    const found = await okta.realms.list({ search: realmNameContains("Car") }).collect();
    expect(found.items.map((r) => r.id)).toContain(created.id);

    const replaced = await okta.realms.replace(created.id, { name: "Car Co Partners" });
    expect(replaced.profile).toMatchObject({ name: "Car Co Partners" });
    expect(replaced.profile.domains ?? []).toEqual([]);

    await okta.realms.delete(created.id);
    const error = await failure(okta.realms.get(created.id));
    expect(error).toBeInstanceOf(OktaNotFoundError);
    expect((error as Error).message).toMatch(/This realm no longer exists/);
  });

  it("creates a user in a realm, moves it, and runs a realm assignment", async () => {
    const { client: okta } = client({ scopes: [...CONNECTOR_SCOPES, "okta.realmAssignments.read", "okta.realmAssignments.manage"] });
    const partners = await okta.realms.create({ name: "Partners", domains: ["atko.com"] });
    const other = await okta.realms.create({ name: "Other" });
    const schema = await okta.schemas.getUserSchema();
    expect(requiredProfileAttributes(schema).map((a) => a.name)).toEqual(expect.arrayContaining(["login", "firstName", "lastName", "email"]));

    const user = await okta.users.create({ profile: person("ada@atko.com"), activate: false, realmId: partners.id });
    expect(user).toMatchObject({ status: "STAGED", realmId: partners.id });
    expect((await okta.users.get("ada@atko.com")).id).toBe(user.id);

    const moved = await okta.users.moveToRealm(user.id, other.id);
    expect(moved.realmId).toBe(other.id);

    const assignment = await okta.realmAssignments.create({
      name: "Atko people",
      priority: 10,
      conditions: { profileSourceId: sandbox.org.profileSourceId, expression: { value: 'user.profile.email.endsWith("@atko.com")' } },
      actions: { assignUserToRealm: { realmId: partners.id } },
    });
    await okta.realmAssignments.activate(assignment.id);
    expect((await okta.realmAssignments.get(assignment.id)).status).toBe("ACTIVE");
    const operation = await okta.realmAssignments.execute(assignment.id);
    expect(operation.type).toBe("realm:assignment");
    const operations = await okta.realmAssignments.listOperations().collect();
    expect(operations.items.map((o) => o.id)).toContain(operation.id);
    const all = await okta.realmAssignments.list().collect();
    expect(all.items.map((a) => a.id)).toContain(assignment.id);
  });
});

describe("rate limits", () => {
  it("on 429 waits until X-Rate-Limit-Reset and then succeeds", async () => {
    sandbox.control.setRateLimits({ buckets: { ...DEFAULT_RATE_LIMITS.buckets, "api-other": 2 } });
    const realm = sandbox.org.createRealm({ name: "Limited" });
    const waits: number[] = [];
    const { client: okta, calls } = client({
      // The wait is real in production; here it moves the sandbox clock, whose windows the limiter uses.
      sleep: async (ms) => {
        waits.push(ms);
        sandbox.control.advanceClock(ms);
      },
      now: () => sandbox.clock.now(),
    });
    await okta.realms.get(realm.id);
    await okta.realms.get(realm.id);
    const third = await okta.realms.get(realm.id);

    expect(third.profile.name).toBe("Limited");
    expect(calls.map((c) => c.status)).toEqual([200, 200, 429, 200]);
    const limited = calls[2];
    expect(limited?.rateLimit).toMatchObject({ limit: 2, remaining: 0 });
    expect(waits).toHaveLength(1);
    // It waited (at least) until the announced reset, and not absurdly longer.
    const resetAt = limited?.rateLimit.resetAtMs ?? 0;
    expect(sandbox.clock.now()).toBeGreaterThanOrEqual(resetAt);
    expect(waits[0]).toBeLessThanOrEqual(62_000 + 500);
    expect(sandbox.control.counters().rateLimited).toBe(1);
  });
});

describe("5xx: only idempotent calls are retried", () => {
  it("a GET succeeds after two injected 503s", async () => {
    const { client: okta, calls, sleeps } = client();
    const realm = sandbox.org.createRealm({ name: "Flaky" });
    sandbox.control.addFault({ method: "GET", pathPrefix: "/api/v1/realms/", failNext: 2, errorStatus: 503 });
    await expect(okta.realms.get(realm.id)).resolves.toMatchObject({ profile: { name: "Flaky" } });
    expect(calls.map((c) => c.status)).toEqual([503, 503, 200]);
    expect(sleeps).toHaveLength(2);
    expect(sandbox.control.counters().faultsInjected).toBe(2);
  });

  it("a POST create is not retried and surfaces 'may or may not have happened'", async () => {
    const { client: okta, calls } = client();
    sandbox.control.addFault({ method: "POST", pathPrefix: "/api/v1/users", failNext: 1 });
    const error = await failure(okta.users.create({ profile: person("grace@example.com") }));
    expect(error).toBeInstanceOf(OktaOutcomeUnknownError);
    expect((error as Error).message).toMatch(/may or may not have been made/);
    expect(calls.map((c) => c.status)).toEqual([500]);
    // The sandbox failed it before handling, so the user really doesn't exist: a second create would be right.
    await expect(okta.users.get("grace@example.com")).rejects.toBeInstanceOf(OktaNotFoundError);
  });
});

describe("Okta's error answers", () => {
  it("403 insufficient_scope names the missing scope", async () => {
    const { client: okta } = client({ scopes: ["okta.users.read", "okta.realms.read"] });
    const error = await failure(okta.users.create({ profile: person("lin@example.com") }));
    expect(error).toBeInstanceOf(OktaInsufficientScopeError);
    expect(error).toMatchObject({ missingScopes: ["okta.users.manage"], status: 403 });
    expect((error as Error).message).toBe(
      "This connection lacks okta.users.manage. Grant it on the OAuth app's Okta API Scopes tab, then reauthorize the connection.",
    );
  });

  it("E0000006 for an admin without the role", async () => {
    const regular = sandbox.org.createUser({ profile: person("regular@example.com"), activate: true });
    const { client: okta } = client({ sub: regular.id });
    await expect(okta.realms.list().collect()).rejects.toBeInstanceOf(OktaForbiddenError);
  });

  it("E0000001 causes become field errors", async () => {
    const { client: okta } = client();
    await okta.users.create({ profile: person("dup@example.com") });
    const duplicate = await failure(okta.users.create({ profile: person("dup@example.com") }));
    expect(duplicate).toBeInstanceOf(OktaValidationError);
    expect((duplicate as OktaValidationError).fieldErrors).toEqual({
      login: ["An object with this field already exists in the current organization"],
    });

    const badRealm = await failure(okta.realms.create({ name: "Bad", domains: ["atko.com/evil"] }));
    expect(badRealm).toBeInstanceOf(OktaValidationError);
    expect(Object.keys((badRealm as OktaValidationError).fieldErrors)).toEqual(["domains"]);

    const realm = await okta.realms.create({ name: "Atko only", domains: ["atko.com"] });
    const outside = await failure(okta.users.create({ profile: person("eve@evil.example"), realmId: realm.id }));
    expect(Object.keys((outside as OktaValidationError).fieldErrors).sort()).toEqual(["email", "login"]);
  });

  it("404 for a user that doesn't exist", async () => {
    const { client: okta } = client();
    const error = await failure(okta.users.get("00uDoesNotExist"));
    expect(error).toBeInstanceOf(OktaNotFoundError);
    expect(error).toMatchObject({ resource: "user" });
  });

  it("a 401 gets one forced refresh, then needs reauthorization", async () => {
    const fresh = sandbox.control.mintAccessToken({ scopes: CONNECTOR_SCOPES });
    const requested: (boolean | undefined)[] = [];
    const recovering = createOktaClient({
      origin,
      getAccessToken: async (opts) => {
        requested.push(opts?.forceRefresh);
        return opts?.forceRefresh ? fresh : "revoked-token";
      },
    });
    await expect(recovering.realms.list().collect()).resolves.toMatchObject({ truncated: false });
    expect(requested).toEqual([undefined, true]);

    const dead = createOktaClient({ origin, getAccessToken: async () => "revoked-token" });
    const error = await failure(dead.realms.list().collect());
    expect(error).toBeInstanceOf(OktaUnauthorizedError);
    expect(error).toMatchObject({ needsReauthorization: true });
  });
});
