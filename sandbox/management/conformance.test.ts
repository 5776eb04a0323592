import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requiredScopes, validateResponse, type Violation } from "../conformance/openapi";
import { ROUTES } from "./router";
import { asArray, call, field, start, type Reply, type Sandbox } from "./test-support/client";

// Drives every Management API operation the sandbox serves, success and failure, and checks each
// response against Okta's spec. Where Okta's real behaviour is a status the spec doesn't list
// (documented in okta-facts: 401 E0000011 everywhere, the empty-bodied insufficient_scope 403,
// 400 on list endpoints for bad search/paging), the test says so explicitly below.

let sb: Sandbox;
const exchanges: { label: string; method: string; path: string; reply: Reply }[] = [];

async function hit(label: string, method: string, path: string, opts: Parameters<typeof call>[3] = {}): Promise<Reply> {
  const reply = await call(sb, method, path, opts);
  exchanges.push({ label, method, path: path.split("?")[0] ?? path, reply });
  return reply;
}

const violationsOf = (e: (typeof exchanges)[number]): Violation[] =>
  validateResponse("management", {
    method: e.method,
    path: e.path,
    status: e.reply.status,
    headers: Object.fromEntries(e.reply.headers),
    body: e.reply.text === "" ? undefined : e.reply.json,
  });

/** Okta behaviour the spec leaves undocumented: only an "undocumented status" violation is allowed. */
const SPEC_GAPS: { label: RegExp; why: string }[] = [
  { label: /^401 /, why: "Okta answers a missing/invalid token with 401 E0000011 on every endpoint; the spec lists no 401" },
  { label: /^403 insufficient_scope/, why: "Okta's insufficient_scope 403 has an empty body (okta-facts §2.6)" },
  { label: /^400 listUsers|^400 listRealms/, why: "Okta answers bad search/filter/limit on list operations with 400; the spec lists none" },
];

beforeAll(async () => {
  sb = await start();
  const def = sb.org.defaultRealm().id;
  const admin = sb.seeded.admin.id;

  // Realms
  const realm = await hit("createRealm", "POST", "/api/v1/realms", { body: { profile: { name: "Car Co", realmType: "PARTNER", domains: ["atko.com"] } } });
  const realmId = String(field(realm.json, "id"));
  await hit("400 createRealm", "POST", "/api/v1/realms", { body: { profile: { domains: ["a/b"] } } });
  await hit("400 createRealm malformed", "POST", "/api/v1/realms", { raw: "{" });
  await hit("listRealms", "GET", "/api/v1/realms?limit=2");
  await hit("listRealms search", "GET", `/api/v1/realms?search=${encodeURIComponent('profile.name co "car"')}&sortBy=profile.name`);
  await hit("400 listRealms bad search", "GET", `/api/v1/realms?search=${encodeURIComponent("profile.name co")}`);
  await hit("getRealm", "GET", `/api/v1/realms/${realmId}`);
  await hit("getRealm default", "GET", `/api/v1/realms/${def}`);
  await hit("404 getRealm", "GET", "/api/v1/realms/guoMissing0000000000");
  await hit("replaceRealm", "PUT", `/api/v1/realms/${realmId}`, { body: { profile: { name: "Car Co 2", domains: ["atko.com"] } } });
  await hit("400 replaceRealm", "PUT", `/api/v1/realms/${realmId}`, { body: { profile: { realmType: "NOPE" } } });
  await hit("404 replaceRealm", "PUT", "/api/v1/realms/guoMissing0000000000", { body: { profile: { name: "x" } } });

  // Users
  const user = await hit("createUser", "POST", "/api/v1/users", {
    body: { profile: { login: "ann@atko.com", email: "ann@atko.com", firstName: "Ann", lastName: "Lee" }, credentials: { password: { value: "Pa55word!x" }, recovery_question: { question: "Q?", answer: "answer" } }, realmId },
  });
  const userId = String(field(user.json, "id"));
  await hit("createUser staged", "POST", "/api/v1/users?activate=false", { body: { profile: { login: "stan@x.example", email: "stan@x.example", firstName: "S", lastName: "T" } } });
  await hit("400 createUser duplicate", "POST", "/api/v1/users", { body: { profile: { login: "ann@atko.com", email: "ann@atko.com", firstName: "A", lastName: "L" } } });
  await hit("400 createUser domain", "POST", "/api/v1/users", { body: { profile: { login: "z@z.example", email: "z@z.example", firstName: "Z", lastName: "Z" }, realmId } });
  await hit("listUsers", "GET", "/api/v1/users?limit=1");
  await hit("listUsers realm", "GET", `/api/v1/users?search=${encodeURIComponent(`realmId eq "${realmId}"`)}`);
  await hit("listUsers filter", "GET", `/api/v1/users?filter=${encodeURIComponent('status eq "STAGED"')}`);
  await hit("listUsers q", "GET", "/api/v1/users?q=ann");
  await hit("400 listUsers bad search", "GET", `/api/v1/users?search=${encodeURIComponent('status ne "x"')}`);
  await hit("400 listUsers search+filter", "GET", `/api/v1/users?search=a&filter=b`);
  await hit("getUser", "GET", `/api/v1/users/${userId}`);
  await hit("getUser me", "GET", "/api/v1/users/me");
  await hit("404 getUser", "GET", "/api/v1/users/00uMissing0000000000");
  await hit("updateUser", "POST", `/api/v1/users/${userId}`, { body: { profile: { nickName: "Annie" } } });
  await hit("updateUser move", "POST", `/api/v1/users/${userId}`, { body: { realmId: def } });
  await hit("400 updateUser unknown realm", "POST", `/api/v1/users/${userId}`, { body: { realmId: "guoMissing0000000000" } });
  await hit("400 updateUser type", "POST", `/api/v1/users/${admin}`, { body: { profile: { email: "not-an-email" } } });
  await hit("404 updateUser", "POST", "/api/v1/users/00uMissing0000000000", { body: {} });
  await hit("replaceUser", "PUT", `/api/v1/users/${userId}`, { body: { profile: { login: "ann@atko.com", email: "ann@atko.com", firstName: "Ann", lastName: "Lee" } } });
  await hit("400 replaceUser", "PUT", `/api/v1/users/${userId}`, { body: { profile: { login: "ann@atko.com" } } });
  await hit("deactivateUser", "POST", `/api/v1/users/${userId}/lifecycle/deactivate`);
  await hit("403 deactivateUser again", "POST", `/api/v1/users/${userId}/lifecycle/deactivate`);
  await hit("activateUser", "POST", `/api/v1/users/${userId}/lifecycle/activate?sendEmail=false`);
  await hit("404 activateUser", "POST", "/api/v1/users/00uMissing0000000000/lifecycle/activate");
  await hit("deleteUser (deactivates)", "DELETE", `/api/v1/users/${userId}`);
  await hit("deleteUser", "DELETE", `/api/v1/users/${userId}`);
  await hit("404 deleteUser", "DELETE", `/api/v1/users/${userId}`);

  // Realm delete refusal, then success
  sb.control.addUsers({ count: 1, realmId, loginPattern: "keep{n}@atko.com" });
  await hit("400 deleteRealm with users", "DELETE", `/api/v1/realms/${realmId}`);
  await hit("400 deleteRealm default", "DELETE", `/api/v1/realms/${def}`);
  await hit("404 deleteRealm", "DELETE", "/api/v1/realms/guoMissing0000000000");
  const empty = sb.org.createRealm({ name: "Empty" });
  await hit("deleteRealm", "DELETE", `/api/v1/realms/${empty.id}`);

  // Realm assignments
  const a = await hit("createRealmAssignment", "POST", "/api/v1/realm-assignments", {
    body: { name: "Atko", priority: 3, conditions: { profileSourceId: sb.org.profileSourceId, expression: { value: 'user.profile.email.endsWith("@atko.com")' } }, actions: { assignUserToRealm: { realmId } } },
  });
  const aId = String(field(a.json, "id"));
  await hit("400 createRealmAssignment", "POST", "/api/v1/realm-assignments", { body: { name: "x" } });
  await hit("listRealmAssignments", "GET", "/api/v1/realm-assignments");
  await hit("getRealmAssignment", "GET", `/api/v1/realm-assignments/${aId}`);
  await hit("404 getRealmAssignment", "GET", "/api/v1/realm-assignments/rulMissing0000000000");
  await hit("replaceRealmAssignment", "PUT", `/api/v1/realm-assignments/${aId}`, {
    body: { name: "Atko 2", priority: 4, conditions: { expression: { value: 'user.profile.email.endsWith("@atko.com")' } }, actions: { assignUserToRealm: { realmId } } },
  });
  await hit("400 replaceRealmAssignment", "PUT", `/api/v1/realm-assignments/${aId}`, { body: { name: "x", priority: -1, conditions: {}, actions: { assignUserToRealm: { realmId } } } });
  await hit("404 replaceRealmAssignment", "PUT", "/api/v1/realm-assignments/rulMissing0000000000", { body: {} });
  await hit("activateRealmAssignment", "POST", `/api/v1/realm-assignments/${aId}/lifecycle/activate`);
  await hit("404 activateRealmAssignment", "POST", "/api/v1/realm-assignments/rulMissing0000000000/lifecycle/activate");
  await hit("executeRealmAssignment", "POST", "/api/v1/realm-assignments/operations", { body: { assignmentId: aId } });
  await hit("executeRealmAssignment ALL", "POST", "/api/v1/realm-assignments/operations", { body: { assignmentId: "ALL" } });
  await hit("400 executeRealmAssignment", "POST", "/api/v1/realm-assignments/operations", { body: { assignmentId: "rulMissing" } });
  await hit("listRealmAssignmentOperations scheduled", "GET", "/api/v1/realm-assignments/operations");
  sb.control.advanceClock(10_000);
  await hit("listRealmAssignmentOperations completed", "GET", "/api/v1/realm-assignments/operations");
  await hit("deactivateRealmAssignment", "POST", `/api/v1/realm-assignments/${aId}/lifecycle/deactivate`);
  await hit("deleteRealmAssignment", "DELETE", `/api/v1/realm-assignments/${aId}`);
  await hit("404 deleteRealmAssignment", "DELETE", `/api/v1/realm-assignments/${aId}`);

  // Schema
  await hit("getUserSchema", "GET", "/api/v1/meta/schemas/user/default");
  await hit("404 getUserSchema", "GET", "/api/v1/meta/schemas/user/oscMissing");
  await hit("updateUserProfile", "POST", "/api/v1/meta/schemas/user/default", {
    body: { definitions: { custom: { properties: { costCode: { title: "Cost code", type: "string", maxLength: 8 } } } } },
  });
  await hit("getUserSchema custom", "GET", "/api/v1/meta/schemas/user/default");
  await hit("400 updateUserProfile", "POST", "/api/v1/meta/schemas/user/default", { body: { definitions: { custom: { properties: { login: { title: "x", type: "string" } } } } } });

  // Auth failures and rate limits
  await hit("401 listRealms", "GET", "/api/v1/realms", { auth: null });
  const narrow = `Bearer ${sb.control.mintAccessToken({ scopes: ["okta.users.read"] })}`;
  await hit("403 insufficient_scope updateUser", "POST", `/api/v1/users/${admin}`, { auth: narrow, body: {} });
  const plain = sb.org.createUser({ profile: { login: "plain@x.example", email: "plain@x.example", firstName: "P", lastName: "Q" }, activate: true });
  await hit("403 getRealm not admin", "GET", `/api/v1/realms/${def}`, { auth: `Bearer ${sb.control.mintAccessToken({ scopes: ["okta.realms.read"], sub: plain.id })}` });
  sb.control.setRateLimits({ buckets: { "users-collection": 0 } });
  await hit("429 listUsers", "GET", "/api/v1/users");
});
afterAll(() => sb.stop());

describe("Management API conformance with Okta's spec", () => {
  it("covers every operation the sandbox serves", () => {
    const covered = new Set(exchanges.map((e) => e.label.replace(/^\d{3} (insufficient_scope )?/, "").split(" ")[0]));
    for (const r of ROUTES) expect(covered, r.operationId).toContain(r.operationId);
    // Each exchange got the outcome its label names (a leading status, else a 2xx).
    for (const e of exchanges) {
      const want = /^(\d{3}) /.exec(e.label)?.[1];
      if (want) expect(e.reply.status, e.label).toBe(Number(want));
      else expect(e.reply.status, e.label).toBeLessThan(300);
    }
  });

  it("every response conforms (status, headers, body schema), apart from the named spec gaps", () => {
    const problems: string[] = [];
    for (const e of exchanges) {
      const v = violationsOf(e);
      const gap = SPEC_GAPS.find((g) => g.label.test(e.label));
      const allowed = gap ? v.filter((x) => !/status \d+ is not documented|expected a .* body/.test(x.message)) : v;
      if (allowed.length) problems.push(`${e.label} (${e.reply.status}): ${allowed.map((x) => `${x.where}: ${x.message}`).join("; ")}`);
    }
    expect(problems).toEqual([]);
  });

  it("the named gaps are real Okta behaviour, still shaped like Okta errors", () => {
    for (const e of exchanges.filter((x) => SPEC_GAPS.some((g) => g.label.test(x.label)))) {
      if (e.reply.status === 403) expect(e.reply.text).toBe("");
      else expect(field(e.reply.json, "errorCode"), e.label).toMatch(/^E00000\d\d$/);
    }
  });

  it("each route demands exactly the scope the spec's security block names", () => {
    for (const r of ROUTES) {
      const path = r.pattern.replace(/:([A-Za-z]+)/g, "x1");
      expect(requiredScopes(r.method, path), `${r.method} ${r.pattern}`).toEqual([r.scope]);
    }
  });

  it("error responses carry Okta's error object", () => {
    const errors = exchanges.filter((e) => e.reply.status >= 400 && e.reply.text !== "");
    expect(errors.length).toBeGreaterThan(20);
    for (const e of errors) {
      expect(Object.keys(e.reply.json as object).sort(), e.label).toEqual(["errorCauses", "errorCode", "errorId", "errorLink", "errorSummary"]);
      expect(asArray(field(e.reply.json, "errorCauses")).every((c) => typeof field(c, "errorSummary") === "string")).toBe(true);
    }
  });
});
