import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asArray, call, field, start, type Sandbox } from "./test-support/client";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => {
  // Whatever went wrong above, the sandbox never answered a bad request with a 500.
  expect(sb.control.counters().statuses["500"]).toBeUndefined();
  return sb.stop();
});

const code = (v: unknown) => field(v, "errorCode");

describe("bad input gets Okta's status and code, never a 500", () => {
  it("malformed JSON, non-object JSON and empty bodies are 400 E0000003", async () => {
    for (const raw of ['{"profile": {"name": ', "[1,2]", '"realm"', ""]) {
      const r = await call(sb, "POST", "/api/v1/realms", { raw });
      expect(r.status, raw).toBe(400);
      expect(code(r.json), raw).toBe("E0000003");
    }
  });

  it("a non-JSON content type is 400 E0000021", async () => {
    const r = await call(sb, "POST", "/api/v1/realms", { raw: "name=x", contentType: "application/x-www-form-urlencoded" });
    expect(r.status).toBe(400);
    expect(code(r.json)).toBe("E0000021");
    const text = await call(sb, "POST", `/api/v1/users/${sb.seeded.admin.id}`, { raw: '{"profile":{}}', contentType: "text/plain" });
    expect(code(text.json)).toBe("E0000021");
  });

  it("bad search expressions are 400 E0000031; search with filter is E0000033", async () => {
    for (const search of ['profile.login eq "unterminated', 'status ne "ACTIVE"', 'profile.department co "Eng"', 'nosuch eq "x"', "(", 'profile.login eq "a" and']) {
      const r = await call(sb, "GET", `/api/v1/users?search=${encodeURIComponent(search)}`);
      expect(r.status, search).toBe(400);
      expect(code(r.json), search).toBe("E0000031");
    }
    const filter = await call(sb, "GET", `/api/v1/users?filter=${encodeURIComponent('profile.department eq "x"')}`);
    expect(code(filter.json)).toBe("E0000031");
    const both = await call(sb, "GET", `/api/v1/users?search=${encodeURIComponent('status eq "ACTIVE"')}&filter=${encodeURIComponent('status eq "ACTIVE"')}`);
    expect(both.status).toBe(400);
    expect(code(both.json)).toBe("E0000033");
  });

  it("an oversized limit is capped at 200; a non-numeric one is a type mismatch", async () => {
    sb.control.addUsers({ count: 250, loginPattern: "cap{n}@sandbox.example" });
    const big = await call(sb, "GET", "/api/v1/users?limit=100000");
    expect(big.status).toBe(200);
    expect(asArray(big.json)).toHaveLength(200);
    const nan = await call(sb, "GET", "/api/v1/users?limit=lots");
    expect(nan.status).toBe(400);
    expect(code(nan.json)).toBe("E0000037");
    const bogusCursor = await call(sb, "GET", "/api/v1/users?after=00uNotACursor");
    expect(code(bogusCursor.json)).toBe("E0000029");
  });

  it("unknown top-level fields are ignored; unknown profile attributes are rejected", async () => {
    const realm = await call(sb, "POST", "/api/v1/realms", { body: { profile: { name: "Extra", colour: "red" }, bogus: true } });
    expect(realm.status).toBe(200);
    expect(field(realm.json, "profile")).toEqual({ name: "Extra" });
    const user = await call(sb, "POST", "/api/v1/users", {
      body: { profile: { login: "x@sandbox.example", email: "x@sandbox.example", firstName: "X", lastName: "Y", favouriteColour: "red" }, bogus: 1 },
    });
    expect(user.status).toBe(400);
    expect(code(user.json)).toBe("E0000001");
  });

  it("wrong types inside bodies are E0000001 with causes; unknown paths/methods are 404/405", async () => {
    const r = await call(sb, "POST", "/api/v1/users", { body: { profile: "nope" } });
    expect(r.status).toBe(400);
    expect(code(r.json)).toBe("E0000001");
    expect(asArray(field(r.json, "errorCauses")).length).toBeGreaterThan(0);
    const a = await call(sb, "POST", "/api/v1/realm-assignments", { body: { name: 5 } });
    expect(code(a.json)).toBe("E0000001");
    expect((await call(sb, "GET", "/api/v1/nothing-here")).status).toBe(404);
    const m = await call(sb, "PATCH", "/api/v1/realms");
    expect(m.status).toBe(405);
    expect(code(m.json)).toBe("E0000022");
    expect((await call(sb, "GET", "/api/v1/users/%E0%A4%A")).status).toBe(404);
  });
});
