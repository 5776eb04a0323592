// Every body the client writes must validate against Okta's official request schemas: a body the
// spec rejects is one a real org may refuse (or worse, half-apply) even if the sandbox accepts it.
import { describe, expect, it } from "vitest";
import { validateRequestBody } from "../../sandbox/conformance/openapi";
import { createOktaClient } from "./client";
import { fakeOkta, ORIGIN, realmJson, userJson } from "./test-support/fake-okta";

const assignmentJson = {
  id: "rul1",
  name: "Partners",
  priority: 10,
  status: "INACTIVE",
  isDefault: false,
  created: "2026-01-01T00:00:00.000Z",
  lastUpdated: "2026-01-01T00:00:00.000Z",
  conditions: { profileSourceId: "0oa1", expression: { value: 'user.profile.organization == "Car Co"' } },
  actions: { assignUserToRealm: { realmId: "guo1" } },
};
const operationJson = { id: "op1", type: "realm:assignment", status: "SCHEDULED", created: "2026-01-01T00:00:00.000Z" };

function capturingClient() {
  const okta = fakeOkta((req) => {
    const path = new URL(req.url).pathname;
    if (req.method === "DELETE" || path.includes("/lifecycle/")) return { status: 204 };
    if (path.startsWith("/api/v1/realms")) return { status: 200, body: realmJson("guo1") };
    if (path === "/api/v1/realm-assignments/operations") return { status: 201, body: operationJson };
    if (path.startsWith("/api/v1/realm-assignments")) return { status: req.method === "POST" ? 201 : 200, body: assignmentJson };
    return { status: 200, body: userJson("00u1") };
  });
  const client = createOktaClient({ origin: ORIGIN, getAccessToken: async () => "t", fetch: okta.fetch });
  return { client, sent: okta.sent };
}

const profile = { login: "ada@atko.com", email: "ada@atko.com", firstName: "Ada", lastName: "Lovelace", department: "R&D" };
const assignment = {
  name: "Partners",
  priority: 10,
  conditions: { profileSourceId: "0oa1", expression: { value: 'user.profile.organization == "Car Co"' } },
  actions: { assignUserToRealm: { realmId: "guo1" } },
};

type Write = [string, (c: ReturnType<typeof capturingClient>["client"]) => Promise<unknown>];
const writes: Write[] = [
  ["create realm (name only, like the card)", (c) => c.realms.create({ name: "Car Co" })],
  ["create realm (type and domains)", (c) => c.realms.create({ name: "Car Co", realmType: "PARTNER", domains: ["atko.com", "user.com"] })],
  ["replace realm", (c) => c.realms.replace("guo1", { name: "Car Co 2", realmType: "DEFAULT" })],
  ["delete realm", (c) => c.realms.delete("guo1")],
  ["create realm assignment", (c) => c.realmAssignments.create(assignment)],
  ["replace realm assignment", (c) => c.realmAssignments.replace("rul1", { ...assignment, priority: 5 })],
  ["activate realm assignment", (c) => c.realmAssignments.activate("rul1")],
  ["deactivate realm assignment", (c) => c.realmAssignments.deactivate("rul1")],
  ["delete realm assignment", (c) => c.realmAssignments.delete("rul1")],
  ["execute one realm assignment", (c) => c.realmAssignments.execute("rul1")],
  ["execute all realm assignments", (c) => c.realmAssignments.execute("ALL")],
  ["create user without credentials", (c) => c.users.create({ profile, activate: false, realmId: "guo1" })],
  ["create user with password", (c) => c.users.create({ profile, credentials: { password: "Tr0ub4dor&3x!" }, realmId: "guo1" })],
  [
    "create user with recovery question",
    (c) => c.users.create({ profile, credentials: { recoveryQuestion: { question: "First pet?", answer: "Rex the dog" } } }),
  ],
  [
    "create user with password and recovery question",
    (c) =>
      c.users.create({
        profile,
        credentials: { password: "Tr0ub4dor&3x!", recoveryQuestion: { question: "First pet?", answer: "Rex the dog" } },
        nextLogin: "changePassword",
      }),
  ],
  ["create user with authentication provider", (c) => c.users.create({ profile, credentials: { provider: { type: "FEDERATION", name: "FEDERATION" } } })],
  ["create user in groups", (c) => c.users.create({ profile, groupIds: ["00g1"] })],
  ["update user profile", (c) => c.users.update("00u1", { profile: { firstName: "Augusta" } })],
  ["move user to realm", (c) => c.users.moveToRealm("00u1", "guo2")],
  ["update user password", (c) => c.users.update("00u1", { credentials: { password: "N3w-passw0rd!" } })],
];

describe("request bodies conform to Okta's official request schemas", () => {
  it.each(writes)("%s", async (_, run) => {
    const { client, sent } = capturingClient();
    await run(client);
    expect(sent).toHaveLength(1);
    const req = sent[0];
    if (!req) throw new Error("nothing sent");
    const body = req.body === undefined ? undefined : (JSON.parse(req.body) as unknown);
    const violations = validateRequestBody("management", {
      method: req.method,
      path: new URL(req.url).pathname,
      body,
      contentType: req.headers["content-type"],
    });
    expect(violations).toEqual([]);
  });

  it("the check bites: a body the spec forbids is reported", () => {
    const violations = validateRequestBody("management", {
      method: "POST",
      path: "/api/v1/realms",
      body: { profile: { realmType: "PARTNER", domains: "atko.com" } },
    });
    expect(violations.length).toBeGreaterThan(0);
  });

  it("create user sends activate (and provider=true with a provider) as query parameters", async () => {
    const { client, sent } = capturingClient();
    await client.users.create({ profile, activate: false, credentials: { provider: { type: "FEDERATION", name: "FEDERATION" } } });
    expect(new URL(sent[0]?.url ?? "").search).toBe("?activate=false&provider=true");
  });
});
