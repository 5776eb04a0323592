import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asArray, call, field, start, type Sandbox } from "./test-support/client";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.stop());

const causes = (v: unknown) => asArray(field(v, "errorCauses")).map((c) => String(field(c, "errorSummary")));
const profile = (login: string, extra: Record<string, unknown> = {}) => ({ login, email: login, firstName: "Ada", lastName: "Lovelace", ...extra });

describe("users", () => {
  it("creates a user with a password (ACTIVE) and never returns the password", async () => {
    const r = await call(sb, "POST", "/api/v1/users?activate=true", { body: { profile: profile("ada@sandbox.example"), credentials: { password: { value: "Pa55word!x" } } } });
    expect(r.status).toBe(200);
    expect(field(r.json, "id")).toMatch(/^00u[A-Za-z0-9]{17}$/);
    expect(field(r.json, "status")).toBe("ACTIVE");
    expect(field(field(r.json, "credentials"), "password")).toEqual({});
    expect(r.text).not.toContain("Pa55word");
    expect(field(r.json, "realmId")).toBe(sb.org.defaultRealm().id);
    const staged = await call(sb, "POST", "/api/v1/users?activate=false", { body: { profile: profile("staged@sandbox.example") } });
    expect(field(staged.json, "status")).toBe("STAGED");
  });

  it("refuses a duplicate login (case-insensitive) with Okta's cause", async () => {
    const r = await call(sb, "POST", "/api/v1/users", { body: { profile: profile("ADA@sandbox.example") } });
    expect(r.status).toBe(400);
    expect(field(r.json, "errorCode")).toBe("E0000001");
    expect(causes(r.json)).toContain("login: An object with this field already exists in the current organization");
  });

  it("enforces the realm's allowed domains on create and on move; unknown realm is E0000001", async () => {
    const partners = sb.org.createRealm({ name: "Partners", realmType: "PARTNER", domains: ["partner.example"] });
    const wrong = await call(sb, "POST", "/api/v1/users", { body: { profile: profile("bob@sandbox.example"), realmId: partners.id } });
    expect(wrong.status).toBe(400);
    expect(causes(wrong.json).some((c) => c.startsWith("login:"))).toBe(true);
    const ok = await call(sb, "POST", "/api/v1/users", { body: { profile: profile("bob@partner.example"), realmId: partners.id } });
    expect(ok.status).toBe(200);
    expect(field(ok.json, "realmId")).toBe(partners.id);

    const ada = sb.org.findUser("ada@sandbox.example");
    const move = await call(sb, "POST", `/api/v1/users/${ada?.id}`, { body: { realmId: partners.id } });
    expect(move.status).toBe(400);
    expect(sb.org.findUser("ada@sandbox.example")?.realmId).toBe(sb.org.defaultRealm().id);
    const engineering = sb.org.createRealm({ name: "Engineering" });
    const moved = await call(sb, "POST", `/api/v1/users/${ada?.id}`, { body: { realmId: engineering.id } });
    expect(moved.status).toBe(200);
    expect(field(moved.json, "realmId")).toBe(engineering.id);
    const unknown = await call(sb, "POST", `/api/v1/users/${ada?.id}`, { body: { realmId: "guoDoesNotExist00000" } });
    expect(unknown.status).toBe(400);
    expect(field(unknown.json, "errorCode")).toBe("E0000001");
  });

  it("lists a realm's users with search=realmId eq", async () => {
    const realm = sb.org.createRealm({ name: "Search me" });
    sb.control.addUsers({ count: 7, realmId: realm.id, loginPattern: "member{n}@sandbox.example" });
    const r = await call(sb, "GET", `/api/v1/users?search=${encodeURIComponent(`realmId eq "${realm.id}"`)}`);
    expect(r.status).toBe(200);
    const users = asArray(r.json);
    expect(users).toHaveLength(7);
    expect(users.every((u) => field(u, "realmId") === realm.id)).toBe(true);
    const combined = await call(sb, "GET", `/api/v1/users?search=${encodeURIComponent(`realmId eq "${realm.id}" and (profile.login sw "member1" or profile.login eq "member7@sandbox.example")`)}`);
    expect(asArray(combined.json).map((u) => field(field(u, "profile"), "login"))).toEqual(["member1@sandbox.example", "member7@sandbox.example"]);
  });

  it("gets by id or login with an ETag, partially updates (POST) and fully replaces (PUT)", async () => {
    const byLogin = await call(sb, "GET", `/api/v1/users/${encodeURIComponent("bob@partner.example")}`);
    expect(byLogin.status).toBe(200);
    expect(byLogin.headers.get("etag")).toMatch(/^W\/".+"$/);
    const id = String(field(byLogin.json, "id"));
    const patched = await call(sb, "POST", `/api/v1/users/${id}`, { body: { profile: { nickName: "Bobby" } } });
    expect(field(field(patched.json, "profile"), "firstName")).toBe("Ada");
    expect(field(field(patched.json, "profile"), "nickName")).toBe("Bobby");
    expect(patched.headers.get("etag")).not.toBe(byLogin.headers.get("etag"));
    const replaced = await call(sb, "PUT", `/api/v1/users/${id}`, { body: { profile: profile("bob@partner.example", { firstName: "Bob" }) } });
    expect(field(replaced.json, "profile")).toEqual(profile("bob@partner.example", { firstName: "Bob" }));
    const missingRequired = await call(sb, "PUT", `/api/v1/users/${id}`, { body: { profile: { login: "bob@partner.example" } } });
    expect(missingRequired.status).toBe(400);
  });

  it("deletes in two steps: deactivate, then delete", async () => {
    const u = sb.org.createUser({ profile: profile("gone@sandbox.example"), activate: true });
    expect((await call(sb, "DELETE", `/api/v1/users/${u.id}`)).status).toBe(204);
    expect(sb.org.findUser(u.id)?.status).toBe("DEPROVISIONED");
    const listed = await call(sb, "GET", "/api/v1/users?limit=200");
    expect(asArray(listed.json).some((x) => field(x, "id") === u.id)).toBe(false);
    expect((await call(sb, "DELETE", `/api/v1/users/${u.id}`)).status).toBe(204);
    expect((await call(sb, "GET", `/api/v1/users/${u.id}`)).status).toBe(404);
  });

  it("serves the default user schema and validates custom attributes", async () => {
    const r = await call(sb, "GET", "/api/v1/meta/schemas/user/default");
    expect(r.status).toBe(200);
    const base = field(field(r.json, "definitions"), "base");
    expect(field(base, "required")).toEqual(["login", "firstName", "lastName", "email"]);
    expect(Object.keys(field(base, "properties") as object)).toHaveLength(31);
    expect(field(field(field(base, "properties"), "login"), "title")).toBe("Username");
    const add = await call(sb, "POST", "/api/v1/meta/schemas/user/default", {
      body: { definitions: { custom: { properties: { costCode: { title: "Cost code", type: "string", required: true, maxLength: 4 } } } } },
    });
    expect(add.status).toBe(200);
    const without = await call(sb, "POST", "/api/v1/users", { body: { profile: profile("nocode@sandbox.example") } });
    expect(causes(without.json)).toContain("costCode: The field cannot be left blank");
    const withCode = await call(sb, "POST", "/api/v1/users", { body: { profile: profile("code@sandbox.example", { costCode: "AB12" }) } });
    expect(withCode.status).toBe(200);
    const unknown = await call(sb, "POST", "/api/v1/users", { body: { profile: profile("unk@sandbox.example", { costCode: "AB", shoeSize: 9 }) } });
    expect(causes(unknown.json)).toContain("Property name 'shoeSize' is not defined in profile");
    sb.control.setCustomAttributes({ costCode: null });
  });
});
