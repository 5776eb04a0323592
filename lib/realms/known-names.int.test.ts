// Audit events about a realm or an assignment addressed by id carry its name (issue 14: "names, not
// ids, in the audit log", stored when the event is written so history survives a rename). Against a
// sandbox Okta org started in process and the real (test) database.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Sandbox } from "@/sandbox";

vi.mock("server-only", () => ({}));

const { realmServiceHarness } = await import("./testing/service-harness"); // first: it sets the test keys
const { db } = await import("@/lib/db");
const org = await import("./testing/sandbox-org");
const { updateRealm } = await import("./realm-operations");
const { exportRealmUsersCsv, listRealmsForPicker, streamRealmSearch, streamRealmUsers } = await import("./list-operations");
const { changeAssignment, createAssignment, listAssignments } = await import("./assignment-operations");

const h = realmServiceHarness();
let sb: Sandbox;

const ctx = () => h.ctx();
const connect = () => h.connect(org.ALL_REALM_SCOPES);
const events = (action: string, connectionId: string) => db().auditEvent.findMany({ where: { action, connectionId }, orderBy: { at: "asc" } });
const nameOf = (event: { details: unknown } | undefined) => (event?.details as { targetName?: string } | null)?.targetName;
const listUsers = async (connectionId: string, realmId: string) =>
  (await streamRealmUsers({ connectionId, realmId, resultSet: "first200", sortOrder: "asc" }, { ...ctx(), signal: new AbortController().signal })).text();

beforeAll(async () => {
  await h.start();
  sb = h.sb;
});
afterAll(() => h.stop());
beforeEach(() => h.newActor());

describe("a realm's name on events that address it by id", () => {
  it("listing and exporting a realm's users are logged with the realm's name once a listing has shown it", async () => {
    const connectionId = await connect();
    const realm = await org.seedRealm(sb, { name: org.unique("Contractors") });

    await listUsers(connectionId, realm.id); // nothing has shown this realm through the app yet
    expect(nameOf((await events("realm.users.list", connectionId))[0])).toBeUndefined();

    expect((await listRealmsForPicker({ connectionId }, ctx())).ok).toBe(true);
    await listUsers(connectionId, realm.id);
    await (await exportRealmUsersCsv({ connectionId, realmId: realm.id }, { ...ctx(), signal: new AbortController().signal })).text();

    const [, listed] = await events("realm.users.list", connectionId);
    expect(listed).toMatchObject({ target: `realm:${realm.id}` });
    expect(nameOf(listed)).toBe(realm.profile.name);
    expect(nameOf((await events("realm.users.export", connectionId))[0])).toBe(realm.profile.name);
  });

  it("the Realms page's search teaches the names too", async () => {
    const connectionId = await connect();
    const realm = await org.seedRealm(sb, { name: org.unique("Searched") });
    await (await streamRealmSearch({ connectionId, name: realm.profile.name, resultSet: "first200", sortOrder: "asc" }, { ...ctx(), signal: new AbortController().signal })).text();
    await listUsers(connectionId, realm.id);
    expect(nameOf((await events("realm.users.list", connectionId))[0])).toBe(realm.profile.name);
  });

  it("after a rename, new events read the new name and earlier ones keep the old", async () => {
    const connectionId = await connect();
    const realm = await org.seedRealm(sb, { name: org.unique("Before") });
    await listRealmsForPicker({ connectionId }, ctx());
    await listUsers(connectionId, realm.id);

    const renamed = org.unique("After");
    expect((await updateRealm({ connectionId, realmId: realm.id, name: renamed }, ctx())).ok).toBe(true);
    await listUsers(connectionId, realm.id);

    expect((await events("realm.users.list", connectionId)).map(nameOf)).toEqual([realm.profile.name, renamed]);
  });

  it("an operation that fails before reading the realm (deleted in Okta meanwhile) is still logged with its last known name", async () => {
    const connectionId = await connect();
    const realm = await org.seedRealm(sb, { name: org.unique("Vanished") });
    await listRealmsForPicker({ connectionId }, ctx());
    await org.ssws(sb, "DELETE", `/api/v1/realms/${realm.id}`);
    expect((await updateRealm({ connectionId, realmId: realm.id, name: "x" }, ctx())).ok).toBe(false);
    const [failed] = await events("realm.update", connectionId);
    expect(failed).toMatchObject({ outcome: "FAILURE", target: `realm:${realm.id}` });
    expect(nameOf(failed)).toBe(realm.profile.name);
  });

  it("names are kept per connection: another connection's events show the id until it has seen the realm", async () => {
    const [first, second] = [await connect(), await connect()];
    const realm = await org.seedRealm(sb, { name: org.unique("PerConnection") });
    await listRealmsForPicker({ connectionId: first }, ctx());
    await listUsers(second, realm.id);
    expect(nameOf((await events("realm.users.list", second))[0])).toBeUndefined();
  });
});

describe("an assignment's name on events that address it by id", () => {
  it("activation and deletion are logged with the assignment's name", async () => {
    const connectionId = await connect();
    const realm = await org.seedRealm(sb, { name: org.unique("Target") });
    const seeded = await org.ssws<{ conditions: { profileSourceId?: string } }[]>(sb, "GET", "/api/v1/realm-assignments");
    const profileSourceId = seeded.body.find((a) => a.conditions.profileSourceId)?.conditions.profileSourceId ?? "";
    const created = await createAssignment(
      // Matches nobody, so the sandbox's other tests keep their users where they are.
      { connectionId, name: org.unique("Rule"), priority: 70, profileSourceId, targetRealmId: realm.id, expression: 'user.profile.department == "Nobody"' },
      ctx(),
    );
    if (!created.ok) throw new Error(created.failure.message);
    // Another instance (or a restart) knows nothing in memory; the name came from the database.
    expect(nameOf((await events("realm.assignment.create", connectionId))[0])).toBe(created.value.name);

    await changeAssignment("realm.assignment.deactivate", { connectionId, assignmentId: created.value.id }, ctx());
    expect((await listAssignments({ connectionId }, ctx())).ok).toBe(true);
    await changeAssignment("realm.assignment.delete", { connectionId, assignmentId: created.value.id }, ctx());

    const [deactivated] = await events("realm.assignment.deactivate", connectionId);
    const [deleted] = await events("realm.assignment.delete", connectionId);
    expect(deactivated).toMatchObject({ target: `assignment:${created.value.id}` });
    expect(nameOf(deactivated)).toBe(created.value.name);
    expect(nameOf(deleted)).toBe(created.value.name);
  });
});
