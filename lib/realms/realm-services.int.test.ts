// The realm services against a sandbox Okta org started in process and the real (test) database:
// what Okta ends up with, what the admin is told, and what the audit log keeps.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Sandbox } from "@/sandbox";
import type { RealmDeps } from "./deps";

vi.mock("server-only", () => ({}));

const { realmServiceHarness } = await import("./testing/service-harness"); // first: it sets the test keys
const { db } = await import("@/lib/db");
const org = await import("./testing/sandbox-org");
const { createRealm, deleteRealm, updateRealm } = await import("./realm-operations");
const { createRealmUser, moveUserToRealm, suggestUsers } = await import("./user-operations");
const { exportRealmUsersCsv, streamRealmUsers } = await import("./list-operations");

const sent: { method: string; url: string; body: unknown }[] = [];
const spy: typeof fetch = async (input, init) => {
  const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
  sent.push({ method: init?.method ?? "GET", url: String(input), body });
  return fetch(input, init);
};
const h = realmServiceHarness({ fetch: spy });
let sb: Sandbox;
let deps: RealmDeps;

const ctx = () => h.ctx();
const connect = (scopes: readonly string[]) => h.connect(scopes);
const lastAudit = (action: string) => db().auditEvent.findFirst({ where: { action }, orderBy: { at: "desc" } });

beforeAll(async () => {
  await h.start();
  ({ sb, deps } = h);
});
afterAll(() => h.stop());
beforeEach(async () => {
  sent.length = 0;
  await h.newActor();
});

describe("Update Realm", () => {
  it("a rename sends the whole profile: the type and the allowed domains survive", async () => {
    const connectionId = await connect(org.ALL_REALM_SCOPES);
    const realm = await org.seedRealm(sb, { name: org.unique("Partners"), realmType: "PARTNER", domains: ["partner.example", "partners.example"] });

    const outcome = await updateRealm({ connectionId, realmId: realm.id, name: "Partners renamed" }, ctx());

    expect(outcome).toMatchObject({ ok: true, value: { name: "Partners renamed", realmType: "PARTNER", domains: ["partner.example", "partners.example"] } });
    const put = sent.find((r) => r.method === "PUT");
    expect(put?.body).toEqual({ profile: { name: "Partners renamed", realmType: "PARTNER", domains: ["partner.example", "partners.example"] } });
    const stored = await org.ssws<{ profile: unknown }>(sb, "GET", `/api/v1/realms/${realm.id}`);
    expect(stored.body.profile).toEqual({ name: "Partners renamed", realmType: "PARTNER", domains: ["partner.example", "partners.example"] });
  });

  it("records one audit line with the actor, connection, target and Okta's request id", async () => {
    const connectionId = await connect(org.ALL_REALM_SCOPES);
    const realm = await org.seedRealm(sb, { name: org.unique("Audited") });
    await updateRealm({ connectionId, realmId: realm.id, realmType: "PARTNER" }, ctx());
    const event = await lastAudit("realm.update");
    expect(event).toMatchObject({ outcome: "SUCCESS", actorId: h.actor.id, connectionId, target: `realm:${realm.id}` });
    expect(event?.details).toMatchObject({ targetName: realm.profile.name }); // the name as it was, kept with the event
    expect(event?.oktaRequestId).toMatch(/\S{8,}/);
  });

  it("a realm deleted meanwhile says it is gone", async () => {
    const connectionId = await connect(org.ALL_REALM_SCOPES);
    const realm = await org.seedRealm(sb, { name: org.unique("Gone") });
    await org.ssws(sb, "DELETE", `/api/v1/realms/${realm.id}`);
    const outcome = await updateRealm({ connectionId, realmId: realm.id, name: "x" }, ctx());
    expect(outcome).toMatchObject({ ok: false, failure: { code: "not_found", message: expect.stringMatching(/no longer exists/) } });
  });
});

describe("the Move a user picker", () => {
  it("suggests users whose login or email starts with what was typed, at most 10", async () => {
    const connectionId = await connect(org.ALL_REALM_SCOPES);
    const stem = org.unique("pick").toLowerCase().replace(/[^a-z0-9]/g, "");
    await org.seedUser(sb, { login: `${stem}-ann@pick.example`, email: `${stem}-ann@pick.example`, firstName: "Ann", lastName: "Pick" });
    await org.seedUser(sb, { login: `other-${stem}@pick.example`, email: `${stem}-bob@mail.example`, firstName: "Bob", lastName: "Pick" });
    await org.seedUser(sb, { login: `zz-${stem}@pick.example`, email: `zz-${stem}@pick.example`, firstName: "Zed", lastName: "Pick" });
    const found = await suggestUsers({ connectionId, prefix: stem }, ctx());
    expect(found.ok && found.value.map((u) => u.login).sort()).toEqual([`${stem}-ann@pick.example`, `other-${stem}@pick.example`].sort());
  });
});

describe("scopes are checked before calling Okta", () => {
  it("Update Realm for User without okta.users.manage is refused, naming the scope, and Okta is never called", async () => {
    const connectionId = await connect(["okta.realms.read", "okta.realms.manage", "okta.users.read", "okta.schemas.read"]);
    const target = await org.seedRealm(sb, { name: org.unique("Target") });
    const user = await org.seedUser(sb, { login: "scope-check@x.example", email: "scope-check@x.example", firstName: "S", lastName: "C" });
    const before = sb.control.counters().requests;

    const outcome = await moveUserToRealm({ connectionId, userId: user.id, realmId: target.id }, ctx());

    expect(outcome).toMatchObject({
      ok: false,
      failure: { code: "insufficient_scope", missingScopes: ["okta.users.manage"], reauthorizeHref: `/connections?reauthorize=${connectionId}` },
    });
    if (!outcome.ok) expect(outcome.failure.message).toMatch(/okta\.users\.manage.*Okta API Scopes tab.*reauthorize/);
    expect(sb.control.counters().requests).toEqual(before);
    expect(sent).toEqual([]);
    expect(await lastAudit("realm.user.move")).toMatchObject({ outcome: "FAILURE", connectionId, oktaRequestId: null });
  });

  it("Okta's own 403 insufficient_scope (a token narrower than the stored grants) reads the same", async () => {
    const connectionId = await connect(org.ALL_REALM_SCOPES);
    // The connection believes it has every scope; its token doesn't carry okta.realms.manage.
    const narrow = sb.control.mintAccessToken({ scopes: ["okta.realms.read"] });
    const { loadDecryptedConnection, storeAuthorization } = await import("@/lib/connections");
    const conn = await loadDecryptedConnection(deps.tokens, connectionId);
    if (!conn?.tokenSet) throw new Error("no token set");
    await storeAuthorization(deps.tokens, connectionId, {
      tokenSet: { ...conn.tokenSet, accessToken: narrow },
      authorizedSub: null,
      authorizedLogin: null,
      actor: null,
    });
    const outcome = await createRealm({ connectionId, name: org.unique("Nope"), realmType: "DEFAULT" }, ctx());
    expect(outcome).toMatchObject({ ok: false, failure: { code: "insufficient_scope", missingScopes: ["okta.realms.manage"], reauthorizeHref: expect.any(String) } });
    expect(sent.map((r) => r.method)).toEqual(["POST"]);
  });
});

describe("Okta's E0000001 causes land on the form fields they name", () => {
  it("a domain Okta refuses → the domains field", async () => {
    const connectionId = await connect(org.ALL_REALM_SCOPES);
    // Straight to the service: the action's own check would catch this before Okta.
    const outcome = await createRealm({ connectionId, name: org.unique("Bad"), realmType: "PARTNER", domains: ["bad(domain).example"] }, ctx());
    expect(outcome).toMatchObject({ ok: false, failure: { code: "validation", fieldErrors: { domains: [expect.stringMatching(/bad\(domain\)\.example/)] } } });
  });

  it("a login that already exists → the form's profile.login field", async () => {
    const connectionId = await connect(org.ALL_REALM_SCOPES);
    const realm = await org.seedRealm(sb, { name: org.unique("Users") });
    const input = {
      connectionId,
      realmId: realm.id,
      credentialOption: "none" as const,
      activate: false,
      "profile.login": "twice@x.example",
      "profile.email": "twice@x.example",
      "profile.firstName": "Tw",
      "profile.lastName": "Ice",
    };
    expect(await createRealmUser(input, ctx())).toMatchObject({ ok: true });
    const again = await createRealmUser(input, ctx());
    expect(again).toMatchObject({ ok: false, failure: { code: "validation", fieldErrors: { "profile.login": [expect.stringMatching(/already exists/)] } } });
  });

  it("the realm's allowed domains are checked before sending, on the fields they concern", async () => {
    const connectionId = await connect(org.ALL_REALM_SCOPES);
    const realm = await org.seedRealm(sb, { name: org.unique("Partner"), realmType: "PARTNER", domains: ["partner.example"] });
    const outcome = await createRealmUser(
      { connectionId, realmId: realm.id, credentialOption: "none", activate: false, "profile.login": "a@elsewhere.example", "profile.email": "a@partner.example", "profile.firstName": "A", "profile.lastName": "B" },
      ctx(),
    );
    expect(outcome).toMatchObject({ ok: false, failure: { fieldErrors: { "profile.login": [expect.stringMatching(/partner\.example/)] } } });
    if (!outcome.ok) expect(outcome.failure.fieldErrors?.["profile.email"]).toBeUndefined();
    expect(sent.some((r) => r.method === "POST" && r.url.endsWith("/api/v1/users?activate=false"))).toBe(false);
  });

  it("deleting a realm that still has users returns Okta's reason", async () => {
    const connectionId = await connect(org.ALL_REALM_SCOPES);
    const realm = await org.seedRealm(sb, { name: org.unique("Occupied") });
    await org.seedUser(sb, { login: "stay@x.example", email: "stay@x.example", firstName: "S", lastName: "T" }, realm.id);
    const outcome = await deleteRealm({ connectionId, realmId: realm.id, confirmName: realm.profile.name }, ctx());
    expect(outcome).toMatchObject({ ok: false, failure: { code: "validation", formErrors: [expect.stringMatching(/still has 1 user/)] } });
  });
});

describe("realm users: streaming and CSV", () => {
  it("streams every page with a running count, and a record limit caps it", async () => {
    const connectionId = await connect(org.ALL_REALM_SCOPES);
    const realm = await org.seedRealm(sb, { name: org.unique("Big") });
    sb.control.addUsers({ count: 450, realmId: realm.id, loginPattern: `big{n}@${realm.id.toLowerCase()}.example` });
    const read = async (query: Record<string, unknown>) => {
      const res = await streamRealmUsers({ connectionId, realmId: realm.id, resultSet: "all", sortOrder: "asc", ...query }, { ...ctx(), signal: new AbortController().signal });
      return (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as { type: string; total: number; items?: unknown[] });
    };
    const all = await read({});
    expect(all.filter((l) => l.type === "page").map((l) => l.total)).toEqual([200, 400, 450]);
    expect(all.at(-1)).toEqual({ type: "done", total: 450, truncated: false, stopped: false });
    const capped = await read({ limit: 250 });
    expect(capped.at(-1)).toMatchObject({ type: "done", total: 250, truncated: true });
  });

  it("stop aborts: no further page is fetched", async () => {
    const connectionId = await connect(org.ALL_REALM_SCOPES);
    const realm = await org.seedRealm(sb, { name: org.unique("Stop") });
    sb.control.addUsers({ count: 1000, realmId: realm.id, loginPattern: `stop{n}@${realm.id.toLowerCase()}.example` });
    const stop = new AbortController();
    const res = await streamRealmUsers({ connectionId, realmId: realm.id, resultSet: "all", sortOrder: "asc" }, { ...ctx(), signal: stop.signal });
    const reader = res.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain('"total":200');
    stop.abort();
    await reader?.cancel();
    await new Promise((r) => setTimeout(r, 100));
    expect(sent.filter((r) => r.url.includes("/api/v1/users")).length).toBeLessThan(5);
    expect(await lastAudit("realm.users.list")).toMatchObject({ outcome: "SUCCESS", details: expect.objectContaining({ stopped: true }) });
  });

  it("the CSV export quotes commas and quotes and defuses formulas", async () => {
    const connectionId = await connect(org.ALL_REALM_SCOPES);
    const realm = await org.seedRealm(sb, { name: org.unique("Csv") });
    await org.seedUser(sb, { login: "csv1@x.example", email: "csv1@x.example", firstName: '=HYPERLINK("http://evil.example")', lastName: "Smith, Jr" }, realm.id);
    await org.seedUser(sb, { login: "csv2@x.example", email: "csv2@x.example", firstName: "+1+1", lastName: '"Quoted"' }, realm.id);
    await org.seedUser(sb, { login: "csv3@x.example", email: "csv3@x.example", firstName: "-2", lastName: "@SUM(A1)" }, realm.id);

    const res = await exportRealmUsersCsv({ connectionId, realmId: realm.id }, { ...ctx(), signal: new AbortController().signal });
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="realm-.*-users\.csv"/);
    const lines = (await res.text()).split("\r\n");
    expect(lines[0]).toBe("id,login,email,name,status,created,lastLogin");
    expect(lines.find((l) => l.includes("csv1@"))).toContain(`,"'=HYPERLINK(""http://evil.example"") Smith, Jr",`);
    expect(lines.find((l) => l.includes("csv2@"))).toContain(`,"'+1+1 ""Quoted""",`);
    expect(lines.find((l) => l.includes("csv3@"))).toContain(",'-2 @SUM(A1),");
    expect(lines.filter((l) => l.length > 0)).toHaveLength(4);
  });
});
