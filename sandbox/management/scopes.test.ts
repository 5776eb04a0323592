import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, codeFlowToken, field, start, type Sandbox } from "./test-support/client";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.stop());

describe("scope enforcement", () => {
  it("a real code-flow token without okta.users.manage gets 403, an empty body and Okta's WWW-Authenticate", async () => {
    const tokens = await codeFlowToken(sb, "openid offline_access okta.users.read okta.realms.read");
    const access = String(field(tokens, "access_token"));
    expect(access.length).toBeGreaterThan(20);
    const auth = `Bearer ${access}`;
    const id = sb.seeded.admin.id;

    const read = await call(sb, "GET", `/api/v1/users/${id}`, { auth });
    expect(read.status).toBe(200);

    const write = await call(sb, "POST", `/api/v1/users/${id}`, { auth, body: { profile: { nickName: "x" } } });
    expect(write.status).toBe(403);
    expect(write.text).toBe("");
    expect(write.headers.get("www-authenticate")).toBe(
      `Bearer authorization_uri="${sb.url}/oauth2/v1/authorize", realm="${sb.url}", scope="okta.users.manage", ` +
        `error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", ` +
        `resource="/api/v1/users/${id}"`,
    );
    expect(sb.org.findUser(id)?.profile.nickName).toBeUndefined();
    expect(sb.control.counters().authorizationServer?.tokensIssued).toBeGreaterThan(0);
  });

  it("demands exactly the spec's scope per operation (realm assignments need okta.realmAssignments.*)", async () => {
    const auth = `Bearer ${sb.control.mintAccessToken({ scopes: ["okta.realms.read", "okta.realms.manage"] })}`;
    expect((await call(sb, "GET", "/api/v1/realms", { auth })).status).toBe(200);
    const denied = await call(sb, "GET", "/api/v1/realm-assignments", { auth });
    expect(denied.status).toBe(403);
    expect(denied.headers.get("www-authenticate")).toContain('scope="okta.realmAssignments.read"');
    const schema = await call(sb, "POST", "/api/v1/meta/schemas/user/default", { auth, body: {} });
    expect(schema.headers.get("www-authenticate")).toContain('scope="okta.schemas.manage"');
  });

  it("rejects missing, unknown and expired tokens with 401 E0000011", async () => {
    for (const auth of [null, "SSWS wrong", "Bearer not-a-token", "Basic abc"]) {
      const r = await call(sb, "GET", "/api/v1/realms", { auth });
      expect(r.status).toBe(401);
      expect(field(r.json, "errorCode")).toBe("E0000011");
    }
    const expiring = sb.control.mintAccessToken({ scopes: ["okta.realms.read"], ttlSeconds: 60 });
    expect((await call(sb, "GET", "/api/v1/realms", { auth: `Bearer ${expiring}` })).status).toBe(200);
    sb.control.advanceClock(61_000);
    const expired = await call(sb, "GET", "/api/v1/realms", { auth: `Bearer ${expiring}` });
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("refuses a token acting for a user who isn't an admin with E0000006", async () => {
    const user = sb.org.createUser({ profile: { login: "plain@sandbox.example", email: "plain@sandbox.example", firstName: "P", lastName: "U" }, activate: true });
    const auth = `Bearer ${sb.control.mintAccessToken({ scopes: ["okta.realms.read"], sub: user.id })}`;
    const r = await call(sb, "GET", "/api/v1/realms", { auth });
    expect(r.status).toBe(403);
    expect(field(r.json, "errorCode")).toBe("E0000006");
  });
});
