import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asArray, call, field, nextLink, start, type Sandbox } from "./test-support/client";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.stop());

const errorCode = (v: unknown) => field(v, "errorCode");
const causes = (v: unknown) => asArray(field(v, "errorCauses")).map((c) => String(field(c, "errorSummary")));

describe("realms", () => {
  it("creates (200), reads, replaces the whole profile and deletes (204)", async () => {
    const created = await call(sb, "POST", "/api/v1/realms", { body: { profile: { name: "Car Co", realmType: "PARTNER", domains: ["atko.com"] } } });
    expect(created.status).toBe(200);
    const id = String(field(created.json, "id"));
    expect(id).toMatch(/^guo[A-Za-z0-9]{17}$/);
    expect(field(created.json, "isDefault")).toBe(false);
    const got = await call(sb, "GET", `/api/v1/realms/${id}`);
    expect(field(field(got.json, "profile"), "domains")).toEqual(["atko.com"]);
    sb.control.advanceClock(5000);
    const replaced = await call(sb, "PUT", `/api/v1/realms/${id}`, { body: { profile: { name: "Car Co 2" } } });
    expect(replaced.status).toBe(200);
    expect(field(replaced.json, "profile")).toEqual({ name: "Car Co 2" });
    expect(field(replaced.json, "lastUpdated")).not.toBe(field(replaced.json, "created"));
    expect((await call(sb, "DELETE", `/api/v1/realms/${id}`)).status).toBe(204);
    const gone = await call(sb, "GET", `/api/v1/realms/${id}`);
    expect(gone.status).toBe(404);
    expect(errorCode(gone.json)).toBe("E0000007");
  });

  it("refuses to delete a realm that still has users, and the default realm", async () => {
    const realm = sb.org.createRealm({ name: "Occupied" });
    sb.control.addUsers({ count: 3, realmId: realm.id, loginPattern: "occupant{n}@sandbox.example" });
    const refused = await call(sb, "DELETE", `/api/v1/realms/${realm.id}`);
    expect(refused.status).toBe(400);
    expect(errorCode(refused.json)).toBe("E0000001");
    expect(causes(refused.json).join()).toMatch(/3 user/);
    expect(sb.org.realms.has(realm.id)).toBe(true);
    const def = await call(sb, "DELETE", `/api/v1/realms/${sb.org.defaultRealm().id}`);
    expect(def.status).toBe(400);
    expect(causes(def.json).join()).toMatch(/default realm/);
  });

  it("validates the profile: name required, realmType enum, forbidden domain characters", async () => {
    const r = await call(sb, "POST", "/api/v1/realms", { body: { profile: { realmType: "VENDOR", domains: ["ok.com", "bad/domain.com", "x;y"] } } });
    expect(r.status).toBe(400);
    expect(errorCode(r.json)).toBe("E0000001");
    const c = causes(r.json);
    expect(c.some((s) => s.startsWith("name:"))).toBe(true);
    expect(c.some((s) => s.startsWith("realmType:"))).toBe(true);
    expect(c.filter((s) => s.startsWith("domains:"))).toHaveLength(2);
    const noProfile = await call(sb, "POST", "/api/v1/realms", { body: {} });
    expect(noProfile.status).toBe(400);
    const defaultDomains = await call(sb, "PUT", `/api/v1/realms/${sb.org.defaultRealm().id}`, { body: { profile: { name: "Default realm", domains: ["a.com"] } } });
    expect(defaultDomains.status).toBe(400);
  });

  it("searches profile.name with co/sw/eq, sorts, defaults to 10 per page with search, and pages", async () => {
    for (let i = 0; i < 12; i++) sb.org.createRealm({ name: `Zeta ${String(i).padStart(2, "0")}` });
    const r = await call(sb, "GET", `/api/v1/realms?search=${encodeURIComponent('profile.name co "eta"')}&sortBy=profile.name&sortOrder=desc`);
    expect(r.status).toBe(200);
    const names = asArray(r.json).map((x) => String(field(field(x, "profile"), "name")));
    expect(names).toHaveLength(10);
    expect(names[0]).toBe("Zeta 11");
    const next = nextLink(r.headers.get("link"));
    expect(next).not.toBeNull();
    const rest = await call(sb, "GET", String(next));
    expect(asArray(rest.json).map((x) => String(field(field(x, "profile"), "name")))).toEqual(["Zeta 01", "Zeta 00"]);
    const sw = await call(sb, "GET", `/api/v1/realms?search=${encodeURIComponent('profile.name sw "zeta 1"')}`);
    expect(asArray(sw.json)).toHaveLength(2);
    const bad = await call(sb, "GET", `/api/v1/realms?search=${encodeURIComponent('profile.realmType co "PART"')}`);
    expect(bad.status).toBe(400);
    expect(errorCode(bad.json)).toBe("E0000031");
  });
});
