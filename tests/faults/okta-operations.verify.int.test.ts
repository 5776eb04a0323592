// Okta faults during every kind of operation, through the realm services (what the server actions
// call after the guard) and the connection Test, against an in-process sandbox org and the real test
// database. For each: the admin gets a failure they can act on (never INTERNAL, never a throw),
// idempotent reads are retried through transient faults, non-idempotent writes are never sent twice
// (the org ends with exactly one realm/user/assignment even when the answer was lost after Okta
// applied it), 429 storms are waited out within the client's limits, timeouts are bounded, and the
// connection goes DEGRADED on a transient token-endpoint failure and back to HEALTHY (both audited).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { RealmDeps } from "@/lib/realms/deps";
import type { Outcome } from "@/lib/realms/outcome";
import { faultTally } from "./support/tally";
import { lossyFetch } from "./support/lossy-fetch";

vi.mock("server-only", () => ({}));

// The org's http origin must be allowed before env() is first read (connection Test reads env()).
const org = await import("@/lib/realms/testing/sandbox-org");
const sb = await org.startTestOrg();
process.env.DEV_OKTA_HTTP_ORIGINS = [process.env.DEV_OKTA_HTTP_ORIGINS, sb.url].filter(Boolean).join(",");

const fx = await import("@/tests/support/team-fixtures"); // test keys before env() is read
const { db } = await import("@/lib/db");
const { env } = await import("@/lib/env");
const { keyringFromEnv } = await import("@/lib/crypto");
const { recordAudit } = await import("@/lib/audit/record");
const { createOpenIdRefresher, getConnectionSummary } = await import("@/lib/connections");
const { runConnectionTest } = await import("@/lib/connections/authorize/test-call");
const { createRealm, deleteRealm, readRealm, updateRealm } = await import("@/lib/realms/realm-operations");
const { createRealmUser, moveUserToRealm, readUserForm } = await import("@/lib/realms/user-operations");
const { listRealmsForPicker, streamRealmUsers } = await import("@/lib/realms/list-operations");
const { createAssignment, executeAssignment, listAssignments } = await import("@/lib/realms/assignment-operations");
const { refreshableConnection } = await import("./support/sandbox-oauth");

const tally = faultTally();
const lossy = lossyFetch();
const TIMEOUT_MS = 400;
let deps: RealmDeps;
let connectionId: string;
let actor: { id: string; email: string };

const audit = (entry: Parameters<typeof recordAudit>[0]) => recordAudit({ ...entry, actor });
const ctx = () => ({ audit, deps });
const keyring = () => keyringFromEnv(env());

beforeAll(async () => {
  deps = {
    // A 1 s token-endpoint timeout keeps the hung-refresh scenario short (the app's default is 10 s).
    tokens: { db: db(), keyring: keyring(), refreshTokens: createOpenIdRefresher({ devHttpOrigins: [sb.url], timeoutSeconds: 1 }) },
    domainRules: { devHttpOrigins: [sb.url] },
    okta: { fetch: lossy.fetch, timeoutMs: TIMEOUT_MS, retry: { baseDelayMs: 10, maxDelayMs: 50, maxRateLimitWaits: 2, rateLimitJitterMs: 10 } },
  };
  const member = await fx.createUser("OPERATOR");
  actor = { id: member.userId, email: member.email };
  connectionId = await org.connectionWithScopes({ db: db(), keyring: keyring() }, sb, org.ALL_REALM_SCOPES, org.unique("faults"));
});

// A failed scenario must not leave its fault behind for the next one.
afterEach(() => {
  clearFaults();
  sb.control.setRateLimits({ windowSeconds: 60 });
});

afterAll(async () => {
  tally.report();
  await sb.stop();
});

/** Okta recovers: mid-scenario, and after each scenario (afterEach) so no fault is left for the next. */
function clearFaults(): void {
  sb.control.clearFaults();
  sb.control.setLatency(0);
  lossy.clear();
}

/**
 * The admin must get a failure they can act on: the expected code, a message, never INTERNAL and
 * never a thrown error (the services return failures; a throw fails the test before this).
 */
function expectFailure<T>(outcome: Outcome<T>, code: string, message: RegExp): void {
  if (!outcome.ok && outcome.failure.code === "internal") tally.serverError();
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return;
  expect(outcome.failure.code).toBe(code);
  expect(outcome.failure.message).toMatch(message);
  // Nothing secret in what the browser gets.
  expect(JSON.stringify(outcome.failure)).not.toMatch(/sbx\.|SSWS|Bearer|client_secret|refresh_token/i);
}

function expectOk<T>(outcome: Outcome<T>): T {
  if (!outcome.ok && outcome.failure.code === "internal") tally.serverError();
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.failure.code}: ${outcome.failure.message}`);
  return outcome.value;
}

/** Counts the org's own state (SSWS, not the code under test): duplicates and lost writes. */
function expectExactlyOne(found: number, label: string): void {
  if (found > 1) tally.duplicates(found - 1);
  if (found === 0) tally.lost(1);
  expect(found, label).toBe(1);
}

const realmsNamed = async (name: string) =>
  (await org.ssws<{ profile: { name: string } }[]>(sb, "GET", `/api/v1/realms?search=${encodeURIComponent(`profile.name eq "${name}"`)}`)).body.filter((r) => r.profile.name === name).length;
const usersWithLogin = async (login: string) =>
  (await org.ssws<unknown[]>(sb, "GET", `/api/v1/users?search=${encodeURIComponent(`profile.login eq "${login}"`)}`)).body.length;
type Assignment = { id: string; name: string; conditions: { profileSourceId?: string } };
const assignments = async () => (await org.ssws<Assignment[]>(sb, "GET", "/api/v1/realm-assignments?limit=200")).body;
const operationCount = async () => (await org.ssws<unknown[]>(sb, "GET", "/api/v1/realm-assignments/operations?limit=200")).body.length;
const injected = () => sb.control.counters().faultsInjected;

/** Holds the next request to `pathPrefix` unanswered (the client times out), then lets later ones through. */
function hangOnce(pathPrefix: string): void {
  const before = injected();
  sb.control.addFault({ pathPrefix, hang: true });
  const poll = setInterval(() => {
    if (injected() > before) {
      sb.control.clearFaults();
      clearInterval(poll);
    }
  }, 5);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
}

describe("reads: transient faults are retried, lasting ones are reported readably and bounded", () => {
  it(
    "read realm: two 503s are retried and the read succeeds",
    tally.scenario("realm read, 503 x2", async () => {
      const realm = await org.seedRealm(sb, { name: org.unique("read") });
      const before = injected();
      sb.control.addFault({ method: "GET", pathPrefix: "/api/v1/realms/", failNext: 2, errorStatus: 503 });
      const value = expectOk(await readRealm({ connectionId, realmId: realm.id }, ctx()));
      expect(value.name).toBe(realm.profile.name);
      expect(injected() - before).toBe(2);
    }),
  );

  it(
    "read realm: 5xx outlasting the retries is an UPSTREAM failure with a reference; once Okta recovers the read works",
    tally.scenario("realm read, 500 outage then recovery", async () => {
      const realm = await org.seedRealm(sb, { name: org.unique("outage") });
      sb.control.addFault({ method: "GET", pathPrefix: "/api/v1/realms/", errorRate: 1 });
      const failed = await readRealm({ connectionId, realmId: realm.id }, ctx());
      expectFailure(failed, "upstream", /Okta had a problem.*reference/);
      const event = await db().auditEvent.findFirst({ where: { action: "realm.read", connectionId, outcome: "FAILURE" }, orderBy: { at: "desc" } });
      expect(event?.referenceId).toBe(failed.ok ? undefined : failed.failure.referenceId);
      clearFaults();
      expect(expectOk(await readRealm({ connectionId, realmId: realm.id }, ctx())).id).toBe(realm.id);
    }),
  );

  it(
    "search realms: a request that never answers times out and the retry succeeds",
    tally.scenario("realm search, one hung request", async () => {
      await org.seedRealm(sb, { name: org.unique("search") });
      hangOnce("/api/v1/realms");
      const { value, ms } = await timed(() => listRealmsForPicker({ connectionId }, ctx()));
      expect(expectOk(value).realms.length).toBeGreaterThan(0);
      // One timeout, the retry, and a loaded machine's slack (far below the 4 × timeout of a hang).
      expect(ms).toBeLessThan(TIMEOUT_MS * 2 + 1_500);
    }),
  );

  it(
    "search realms: Okta not answering at all fails within the bounded time with what to do",
    tally.scenario("realm search, Okta hangs", async () => {
      sb.control.addFault({ pathPrefix: "/api/v1/realms", hang: true });
      const { value, ms } = await timed(() => listRealmsForPicker({ connectionId }, ctx()));
      expectFailure(value, "upstream", /didn't answer in time/);
      // 4 attempts (3 retries) of TIMEOUT_MS each, plus at most 3 backoffs of 50 ms (and a loaded machine's slack).
      expect(ms).toBeLessThan(4 * TIMEOUT_MS + 3 * 50 + 1_500);
      clearFaults();
      expectOk(await listRealmsForPicker({ connectionId }, ctx()));
    }),
  );

  it(
    "search realms: Okta not answering at all stops at the call's retry budget, not at 4 × the timeout",
    tally.scenario("realm search, Okta hangs past the retry budget", async () => {
      sb.control.addFault({ pathPrefix: "/api/v1/realms", hang: true });
      const before = injected();
      const budgeted: RealmDeps = { ...deps, okta: { ...deps.okta, retry: { ...deps.okta?.retry, retryBudgetMs: 1_000 } } };
      const { value, ms } = await timed(() => listRealmsForPicker({ connectionId }, { audit, deps: budgeted }));
      expectFailure(value, "upstream", /didn't answer in time/);
      // 400 ms, a retry cut to what is left of the second (skipped if a stalled event loop left too
      // little), and never the 4 attempts the retry count alone would allow.
      expect(injected() - before).toBeGreaterThanOrEqual(1);
      expect(injected() - before).toBeLessThanOrEqual(2);
      expect(ms).toBeLessThan(1_000 + 1_500);
    }),
  );

  it(
    "list realm users: 5xx on a later page is retried and the stream carries on; a lasting outage ends it with a readable error line",
    tally.scenario("realm users list, 5xx mid-stream", async () => {
      const realm = await org.seedRealm(sb, { name: org.unique("pages") });
      sb.control.addUsers({ count: 450, realmId: realm.id, loginPattern: `page{n}@${realm.id.toLowerCase()}.example` });
      const read = async () => {
        const response = await streamRealmUsers({ connectionId, realmId: realm.id, resultSet: "all", sortOrder: "asc" }, { ...ctx(), signal: new AbortController().signal });
        return (await response.text()).trim().split("\n").map((l) => JSON.parse(l) as { type: string; total: number; failure?: { code: string; message: string } });
      };
      lossy.lose({ method: "GET", pathPrefix: "/api/v1/users", urlIncludes: "after=", kind: "5xx", times: 2 });
      const sentBefore = lossy.sent("GET", "/api/v1/users");
      const healed = await read();
      expect(lossy.sent("GET", "/api/v1/users") - sentBefore).toBe(3 + 2); // three pages and two retries of lost answers

      expect(healed.filter((l) => l.type === "page").map((l) => l.total)).toEqual([200, 400, 450]);
      expect(healed.at(-1)).toMatchObject({ type: "done", total: 450 });

      lossy.lose({ method: "GET", pathPrefix: "/api/v1/users", urlIncludes: "after=", kind: "5xx", times: 100 });
      const cut = await read();
      const last = cut.at(-1);
      if (last?.failure?.code === "internal") tally.serverError();
      expect(last).toMatchObject({ type: "error", total: 200, failure: { code: "upstream", message: expect.stringMatching(/Okta had a problem/) } });
    }),
  );

  it(
    "list realm users: a 429 storm is waited out (until X-Rate-Limit-Reset) and every user arrives",
    tally.scenario("realm users list, 429 storm waited out", async () => {
      const realm = await org.seedRealm(sb, { name: org.unique("storm") });
      sb.control.addUsers({ count: 250, realmId: realm.id, loginPattern: `storm{n}@${realm.id.toLowerCase()}.example` });
      // One-second windows, so the reset the client waits for is at most ~2 s away.
      sb.control.setRateLimits({ windowSeconds: 1 });
      const before = sb.control.counters().rateLimited;
      sb.control.addFault({ method: "GET", pathPrefix: "/api/v1/users", rateLimitNext: 2 });
      const { value: res, ms } = await timed(async () => {
        const response = await streamRealmUsers({ connectionId, realmId: realm.id, resultSet: "all", sortOrder: "asc" }, { ...ctx(), signal: new AbortController().signal });
        return (await response.text()).trim().split("\n").map((l) => JSON.parse(l) as { type: string; total: number });
      });
      expect(res.at(-1)).toMatchObject({ type: "done", total: 250 });
      expect(sb.control.counters().rateLimited - before).toBe(2);
      expect(ms).toBeLessThan(2 * 2_500 + 1_500);
    }),
  );

  it(
    "list realm assignments: a storm longer than the client's waits ends in RateLimited with the time to retry",
    tally.scenario("assignment list, 429 storm beyond limits", async () => {
      sb.control.setRateLimits({ windowSeconds: 1 });
      sb.control.addFault({ method: "GET", pathPrefix: "/api/v1/realm-assignments", rateLimitNext: 10 });
      const { value, ms } = await timed(() => listAssignments({ connectionId }, ctx()));
      expectFailure(value, "rate_limited", /rate limit.*Try again/);
      if (!value.ok) expect(value.failure.retryAt).toMatch(/^\d{4}-/);
      expect(ms).toBeLessThan(3 * 2_500 + 1_500);
      clearFaults();
      sb.control.setRateLimits({ windowSeconds: 60 });
      expectOk(await listAssignments({ connectionId }, ctx()));
    }),
  );

  it(
    "read the user form under 250 ms latency on every call: slow but within the timeout, it works",
    tally.scenario("user form, 250 ms latency", async () => {
      const realm = await org.seedRealm(sb, { name: org.unique("slow") });
      sb.control.setLatency(250);
      const { value, ms } = await timed(() => readUserForm({ connectionId, realmId: realm.id }, ctx()));
      expect(expectOk(value).realm.id).toBe(realm.id);
      expect(ms).toBeGreaterThanOrEqual(500);
    }),
  );
});

describe("writes: never sent twice, nothing lost", () => {
  it(
    "create realm: a 500 before Okta applied it → 'may or may not', nothing created; the admin's retry creates one",
    tally.scenario("realm create, 500 before apply", async () => {
      const name = org.unique("create-500");
      sb.control.addFault({ method: "POST", pathPrefix: "/api/v1/realms", failNext: 1 });
      const sentBefore = lossy.sent("POST", "/api/v1/realms");
      expectFailure(await createRealm({ connectionId, name, realmType: "DEFAULT" }, ctx()), "outcome_unknown", /may or may not have been made/);
      expect(lossy.sent("POST", "/api/v1/realms") - sentBefore).toBe(1);
      expect(await realmsNamed(name)).toBe(0);
      clearFaults();
      expectOk(await createRealm({ connectionId, name, realmType: "DEFAULT" }, ctx()));
      expectExactlyOne(await realmsNamed(name), "realms after the retry");
    }),
  );

  it(
    "create realm: Okta applied it and the answer was lost (502) → 'may or may not', exactly one realm, one POST",
    tally.scenario("realm create, 502 after apply", async () => {
      const name = org.unique("create-502");
      lossy.lose({ method: "POST", pathPrefix: "/api/v1/realms", kind: "5xx", times: 1 });
      const sentBefore = lossy.sent("POST", "/api/v1/realms");
      expectFailure(await createRealm({ connectionId, name, realmType: "DEFAULT" }, ctx()), "outcome_unknown", /may or may not have been made.*Check in Okta/);
      expect(lossy.sent("POST", "/api/v1/realms") - sentBefore).toBe(1);
      expectExactlyOne(await realmsNamed(name), "realms after a lost answer");
    }),
  );

  it(
    "create realm: Okta applied it and never answered (timeout) → 'may or may not' within the timeout, exactly one realm",
    tally.scenario("realm create, timeout after apply", async () => {
      const name = org.unique("create-hang");
      lossy.lose({ method: "POST", pathPrefix: "/api/v1/realms", kind: "hang", times: 1 });
      const { value, ms } = await timed(() => createRealm({ connectionId, name, realmType: "DEFAULT" }, ctx()));
      expectFailure(value, "outcome_unknown", /may or may not have been made/);
      expect(ms).toBeLessThan(TIMEOUT_MS + 1_000);
      expectExactlyOne(await realmsNamed(name), "realms after a timeout");
    }),
  );

  it(
    "update realm: a 503 on the PUT is retried (a whole-profile replace is idempotent) and the rename lands",
    tally.scenario("realm update, 503 on PUT", async () => {
      const realm = await org.seedRealm(sb, { name: org.unique("update") });
      const name = `${realm.profile.name}-renamed`;
      sb.control.addFault({ method: "PUT", pathPrefix: "/api/v1/realms/", failNext: 1, errorStatus: 503 });
      expect(expectOk(await updateRealm({ connectionId, realmId: realm.id, name }, ctx())).name).toBe(name);
      expect((await org.ssws<{ profile: { name: string } }>(sb, "GET", `/api/v1/realms/${realm.id}`)).body.profile.name).toBe(name);
    }),
  );

  it(
    "delete realm: the answer to an applied DELETE is lost → retried, Okta's 404 counts as done",
    tally.scenario("realm delete, 502 after apply", async () => {
      const realm = await org.seedRealm(sb, { name: org.unique("delete") });
      lossy.lose({ method: "DELETE", pathPrefix: "/api/v1/realms/", kind: "5xx", times: 1 });
      expectOk(await deleteRealm({ connectionId, realmId: realm.id, confirmName: realm.profile.name }, ctx()));
      expect(lossy.sent("DELETE", `/api/v1/realms/${realm.id}`)).toBe(2);
      expect((await org.ssws(sb, "GET", `/api/v1/realms/${realm.id}`)).status).toBe(404);
    }),
  );

  it(
    "create realm user: Okta created the user and never answered → 'may or may not', exactly one user; a retry says the login exists",
    tally.scenario("realm user create, timeout after apply", async () => {
      const realm = await org.seedRealm(sb, { name: org.unique("users") });
      const login = `${org.unique("created")}@faults.example`;
      const input = {
        connectionId,
        realmId: realm.id,
        credentialOption: "none" as const,
        activate: false,
        "profile.login": login,
        "profile.email": login,
        "profile.firstName": "Fault",
        "profile.lastName": "Tolerant",
      };
      lossy.lose({ method: "POST", pathPrefix: "/api/v1/users", kind: "hang", times: 1 });
      expectFailure(await createRealmUser(input, ctx()), "outcome_unknown", /may or may not have been made/);
      expectExactlyOne(await usersWithLogin(login), "users after a timeout");
      clearFaults();
      const again = await createRealmUser(input, ctx());
      expectFailure(again, "validation", /Check/);
      if (!again.ok) expect(again.failure.fieldErrors?.["profile.login"]?.join(" ")).toMatch(/already exists/);
      expectExactlyOne(await usersWithLogin(login), "users after the retry");
    }),
  );

  it(
    "move user: a 500 on the move → 'may or may not'; the user is where Okta left it, and once Okta recovers the move works",
    tally.scenario("realm user move, 500", async () => {
      const [from, to] = [await org.seedRealm(sb, { name: org.unique("from") }), await org.seedRealm(sb, { name: org.unique("to") })];
      const login = `${org.unique("mover")}@faults.example`;
      const user = await org.seedUser(sb, { login, email: login, firstName: "Move", lastName: "Me" }, from.id);
      sb.control.addFault({ method: "POST", pathPrefix: `/api/v1/users/${user.id}`, failNext: 1 });
      expectFailure(await moveUserToRealm({ connectionId, userId: user.id, realmId: to.id }, ctx()), "outcome_unknown", /may or may not have been made/);
      const realmOf = async () => (await org.ssws<{ realmId?: string }>(sb, "GET", `/api/v1/users/${user.id}`)).body.realmId;
      expect(await realmOf()).toBe(from.id);
      clearFaults();
      expect(expectOk(await moveUserToRealm({ connectionId, userId: user.id, realmId: to.id }, ctx())).to.id).toBe(to.id);
      expect(await realmOf()).toBe(to.id);
    }),
  );

  it(
    "create realm assignment: the answer is lost after Okta created it → 'may or may not', exactly one assignment",
    tally.scenario("assignment create, 502 after apply", async () => {
      const target = await org.seedRealm(sb, { name: org.unique("assign-target") });
      const source = (await assignments()).find((a) => a.conditions.profileSourceId)?.conditions.profileSourceId;
      if (!source) throw new Error("the sandbox has no profile source");
      const name = org.unique("rule");
      lossy.lose({ method: "POST", pathPrefix: "/api/v1/realm-assignments", kind: "5xx", times: 1 });
      const outcome = await createAssignment(
        { connectionId, name, priority: 60, profileSourceId: source, expression: 'user.profile.department == "Nobody"', targetRealmId: target.id },
        ctx(),
      );
      expectFailure(outcome, "outcome_unknown", /may or may not have been made/);
      expectExactlyOne((await assignments()).filter((a) => a.name === name).length, "assignments after a lost answer");
    }),
  );

  it(
    "execute realm assignment: a 500 → 'may or may not', no run started; after recovery exactly one run",
    tally.scenario("assignment execute, 500", async () => {
      const target = await org.seedRealm(sb, { name: org.unique("exec-target") });
      const source = (await assignments()).find((a) => a.conditions.profileSourceId)?.conditions.profileSourceId;
      const rule = await org.ssws<{ id: string }>(sb, "POST", "/api/v1/realm-assignments", {
        name: org.unique("exec"),
        priority: 61,
        conditions: { profileSourceId: source, expression: { value: 'user.profile.department == "Nobody"' } },
        actions: { assignUserToRealm: { realmId: target.id } },
      });
      const before = await operationCount();
      sb.control.addFault({ method: "POST", pathPrefix: "/api/v1/realm-assignments/operations", failNext: 1 });
      expectFailure(await executeAssignment({ connectionId, assignmentId: rule.body.id }, ctx()), "outcome_unknown", /may or may not have been made/);
      expect(await operationCount()).toBe(before);
      clearFaults();
      expectOk(await executeAssignment({ connectionId, assignmentId: rule.body.id }, ctx()));
      expectExactlyOne((await operationCount()) - before, "runs after recovery");
    }),
  );
});

describe("token endpoint faults: DEGRADED, then HEALTHY again", () => {
  const statusEvents = (id: string) =>
    db().auditEvent.findMany({ where: { action: "connection.status_changed", connectionId: id }, orderBy: { at: "asc" }, select: { details: true, outcome: true } });
  /** The audited status changes after the first `eventsBefore`: each one's outcome and new status. */
  const statusChangesSince = async (id: string, eventsBefore: number) =>
    (await statusEvents(id)).slice(eventsBefore).map((e) => ({ outcome: e.outcome, to: (e.details as { to?: string }).to }));
  /** A HEALTHY connection with a real refresh token, read and refreshed by the scenarios below. */
  const connection = (opts?: { expiresInMs: number }) => refreshableConnection({ db: db(), keyring: keyring() }, sb, ["okta.realms.read", "okta.users.read"], opts);
  const summary = async (id: string) => {
    const s = await getConnectionSummary(db(), id);
    if (!s) throw new Error("connection gone");
    return s;
  };

  it(
    "connection Test: the token endpoint answers 503 → DEGRADED with the reason (audited); the next Test → HEALTHY (audited)",
    tally.scenario("connection test, token endpoint 503", async () => {
      const { connectionId: id } = await connection();
      const eventsBefore = (await statusEvents(id)).length; // PENDING → HEALTHY when it was authorized
      sb.control.addFault({ method: "POST", pathPrefix: "/oauth2/v1/token", failNext: 1, errorStatus: 503 });
      const failed = await runConnectionTest(await summary(id), actor);
      expect(failed).toMatchObject({ healthy: false, status: "DEGRADED", needsReauthorization: false });
      if (!failed.healthy) expect(failed.message).toMatch(/Token refresh failed.*HTTP 503.*retried on next use/);
      if (!failed.healthy && failed.code === "internal") tally.serverError();
      expect((await summary(id)).status).toBe("DEGRADED");
      clearFaults();
      const healed = await runConnectionTest(await summary(id), actor);
      expect(healed).toMatchObject({ healthy: true });
      expect((await summary(id)).status).toBe("HEALTHY");
      expect((await statusChangesSince(id, eventsBefore)).map((e) => [e.outcome, e.to])).toEqual([
        ["FAILURE", "DEGRADED"],
        ["SUCCESS", "HEALTHY"],
      ]);
    }),
  );

  it(
    "connection Test during an Okta API outage: DEGRADED with Okta's message (audited); the Test after recovery → HEALTHY",
    tally.scenario("connection test, Management API 503 outage", async () => {
      const { connectionId: id } = await connection();
      const eventsBefore = (await statusEvents(id)).length;
      sb.control.addFault({ method: "GET", pathPrefix: "/api/v1/realms", errorRate: 1, errorStatus: 503 });
      const failed = await runConnectionTest(await summary(id), actor);
      expect(failed).toMatchObject({ healthy: false, code: "upstream", status: "DEGRADED", needsReauthorization: false });
      if (!failed.healthy) expect(failed.message).toMatch(/Okta had a problem handling the request.*reference/);
      clearFaults();
      expect(await runConnectionTest(await summary(id), actor)).toMatchObject({ healthy: true });
      expect((await statusChangesSince(id, eventsBefore)).map((e) => e.to)).toEqual(["DEGRADED", "HEALTHY"]);
    }),
  );

  it(
    "refresh during an operation: the token endpoint hangs → bounded, readable, DEGRADED, lease released; the next call refreshes → HEALTHY",
    tally.scenario("token refresh, token endpoint hangs", async () => {
      const { connectionId: id } = await connection({ expiresInMs: -1000 });
      const realm = await org.seedRealm(sb, { name: org.unique("refresh") });
      const eventsBefore = (await statusEvents(id)).length;
      sb.control.addFault({ method: "POST", pathPrefix: "/oauth2/v1/token", hang: true });
      const { value, ms } = await timed(() => readRealm({ connectionId: id, realmId: realm.id }, ctx()));
      expectFailure(value, "connection_not_ready", /Couldn't refresh this connection's access to Okta just now\. Try again/);
      expect(ms).toBeLessThan(3_000);
      const row = await db().connection.findUniqueOrThrow({ where: { id }, select: { status: true, statusReason: true, refreshLeaseOwner: true } });
      expect(row).toMatchObject({ status: "DEGRADED", refreshLeaseOwner: null });
      expect(row.statusReason).toMatch(/(did not answer in time|timed out).*retried on next use/);
      clearFaults();
      expect(expectOk(await readRealm({ connectionId: id, realmId: realm.id }, ctx())).id).toBe(realm.id);
      expect((await getConnectionSummary(db(), id))?.status).toBe("HEALTHY");
      expect((await statusChangesSince(id, eventsBefore)).map((e) => e.to)).toEqual(["DEGRADED", "HEALTHY"]);
    }),
  );

  it(
    "refresh during an operation: the token endpoint answers 429 → DEGRADED, not NEEDS_REAUTH; the next call recovers",
    tally.scenario("token refresh, token endpoint 429", async () => {
      const { connectionId: id } = await connection({ expiresInMs: -1000 });
      const realm = await org.seedRealm(sb, { name: org.unique("refresh429") });
      sb.control.addFault({ method: "POST", pathPrefix: "/oauth2/v1/token", rateLimitNext: 1 });
      expectFailure(await readRealm({ connectionId: id, realmId: realm.id }, ctx()), "connection_not_ready", /Try again in a moment/);
      expect((await getConnectionSummary(db(), id))?.status).toBe("DEGRADED");
      clearFaults();
      expectOk(await readRealm({ connectionId: id, realmId: realm.id }, ctx()));
      expect((await getConnectionSummary(db(), id))?.status).toBe("HEALTHY");
    }),
  );

  it(
    "a refresh ahead of expiry fails: the operation still works with the current token, DEGRADED until the next call refreshes → HEALTHY",
    tally.scenario("token refresh ahead of expiry, 503", async () => {
      // Okta still accepts the token for a minute; the app refreshes 5 minutes ahead.
      const { connectionId: id } = await connection({ expiresInMs: 60_000 });
      const realm = await org.seedRealm(sb, { name: org.unique("ahead") });
      sb.control.addFault({ method: "POST", pathPrefix: "/oauth2/v1/token", failNext: 1, errorStatus: 503 });
      expectOk(await readRealm({ connectionId: id, realmId: realm.id }, ctx()));
      expect((await getConnectionSummary(db(), id))?.status).toBe("DEGRADED");
      expectOk(await readRealm({ connectionId: id, realmId: realm.id }, ctx()));
      expect((await getConnectionSummary(db(), id))?.status).toBe("HEALTHY");
    }),
  );
});
