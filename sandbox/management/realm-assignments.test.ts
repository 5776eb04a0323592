import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asArray, call, field, nextLink, start, type Sandbox } from "./test-support/client";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.stop());

describe("realm assignments", () => {
  it("has a catch-all at priority 499 that can't be deleted", async () => {
    const r = await call(sb, "GET", "/api/v1/realm-assignments");
    const all = asArray(r.json);
    const catchAll = all.find((a) => field(a, "isDefault") === true);
    expect(field(catchAll, "priority")).toBe(499);
    expect(field(field(field(catchAll, "actions"), "assignUserToRealm"), "realmId")).toBe(sb.org.defaultRealm().id);
    const del = await call(sb, "DELETE", `/api/v1/realm-assignments/${String(field(catchAll, "id"))}`);
    expect(del.status).toBe(400);
  });

  it("executing an assignment moves the matching users as the operation completes", async () => {
    const eng = sb.org.createRealm({ name: "Engineering" });
    sb.control.addUsers({ count: 5, loginPattern: "eng{n}@corp.example", profile: { department: "Engineering" } });
    sb.control.addUsers({ count: 3, loginPattern: "ops{n}@corp.example", profile: { department: "Operations" } });
    const created = await call(sb, "POST", "/api/v1/realm-assignments", {
      body: {
        name: "Engineers",
        priority: 1,
        conditions: { profileSourceId: sb.org.profileSourceId, expression: { value: 'user.profile.department == "Engineering"' } },
        actions: { assignUserToRealm: { realmId: eng.id } },
      },
    });
    expect(created.status).toBe(201);
    const id = String(field(created.json, "id"));
    expect(id).toMatch(/^rul/);
    expect((await call(sb, "POST", `/api/v1/realm-assignments/${id}/lifecycle/activate`)).status).toBe(204);
    expect(field((await call(sb, "GET", `/api/v1/realm-assignments/${id}`)).json, "status")).toBe("ACTIVE");

    const exec = await call(sb, "POST", "/api/v1/realm-assignments/operations", { body: { assignmentId: id } });
    expect(exec.status).toBe(201);
    expect(field(exec.json, "status")).toBe("SCHEDULED");
    expect(sb.org.findUser("eng1@corp.example")?.realmId).toBe(sb.org.defaultRealm().id);
    sb.control.advanceClock(1500);
    const running = asArray((await call(sb, "GET", "/api/v1/realm-assignments/operations")).json)[0];
    expect(field(running, "status")).toBe("IN_PROGRESS");
    sb.control.advanceClock(2000);
    const done = asArray((await call(sb, "GET", "/api/v1/realm-assignments/operations")).json)[0];
    expect(field(done, "status")).toBe("COMPLETED");
    expect(field(done, "numUserMoved")).toBe(5);
    const inEng = await call(sb, "GET", `/api/v1/users?search=${encodeURIComponent(`realmId eq "${eng.id}"`)}`);
    expect(asArray(inEng.json)).toHaveLength(5);
    expect(sb.org.findUser("ops1@corp.example")?.realmId).toBe(sb.org.defaultRealm().id);
  });

  it("supports endsWith, refuses expressions it can't evaluate, and pages by priority", async () => {
    const realm = sb.org.createRealm({ name: "Corp" });
    const body = (name: string, priority: number, value: string) => ({
      name,
      priority,
      conditions: { expression: { value } },
      actions: { assignUserToRealm: { realmId: realm.id } },
    });
    expect((await call(sb, "POST", "/api/v1/realm-assignments", { body: body("Corp mail", 5, 'user.profile.email.endsWith("@corp.example")') })).status).toBe(201);
    const bad = await call(sb, "POST", "/api/v1/realm-assignments", { body: body("Groups", 6, 'isMemberOf("00g1")') });
    expect(bad.status).toBe(400);
    expect(field(bad.json, "errorCode")).toBe("E0000001");
    const page = await call(sb, "GET", "/api/v1/realm-assignments?limit=1");
    expect(asArray(page.json)).toHaveLength(1);
    const next = nextLink(page.headers.get("link"));
    expect(next).toContain("after=1");
    const second = await call(sb, "GET", String(next));
    expect(field(asArray(second.json)[0], "priority")).toBe(5);
  });
});
