import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import managementSpec from "../../spec/okta-management.json";
import oauthSpec from "../../spec/okta-oauth.json";
import scopeTable from "../../spec/okta-scopes.json";
import { type Violation, requiredScopes, validateRequestBody, validateResponse } from "./openapi";

const json = { "content-type": "application/json" };
const at = "2024-05-01T12:00:00.000Z";
const realm = {
  id: "guo1a2b3c4d5e6f7g8",
  isDefault: false,
  created: at,
  lastUpdated: at,
  profile: { name: "Partners", realmType: "PARTNER" },
  _links: { self: { href: "https://example.okta.com/api/v1/realms/guo1a2b3c4d5e6f7g8", hints: { allow: ["GET"] } } },
};
const user = {
  id: "00u1ero7vZFVEIYLWPBN",
  status: "ACTIVE",
  created: at,
  activated: null,
  statusChanged: at,
  lastLogin: null,
  lastUpdated: at,
  passwordChanged: null,
  realmId: "guo1a2b3c4d5e6f7g8",
  type: { id: "oty1" },
  profile: { login: "isaac@example.com", email: "isaac@example.com", firstName: "Isaac", lastName: "Brock", mobilePhone: null },
  credentials: { password: {}, provider: { type: "OKTA", name: "OKTA" } },
  _links: { self: { href: "https://example.okta.com/api/v1/users/00u1ero7vZFVEIYLWPBN" } },
};
const e0000001 = {
  errorCode: "E0000001",
  errorSummary: "Api validation failed: profile.name",
  errorLink: "E0000001",
  errorId: "oaeXYZ",
  errorCauses: [{ errorSummary: "profile.name: The field cannot be left blank" }],
};

const getRealm = (body: unknown, status = 200) =>
  validateResponse("management", { method: "GET", path: `/api/v1/realms/${realm.id}`, status, headers: json, body });
const messages = (v: Violation[]) => v.map((x) => `${x.where}: ${x.message}`);

describe("management responses", () => {
  test("a well-formed realm passes (baseline for the negative cases)", () => {
    expect(getRealm(realm)).toEqual([]);
  });

  test("a realm missing the required profile.name is caught", () => {
    const v = getRealm({ ...realm, profile: { realmType: "PARTNER" } });
    expect(messages(v)).toEqual(["GET /api/v1/realms/{realmId} (getRealm) 200 body/profile: must have required property 'name'"]);
  });

  test("wrong types and enum values are caught", () => {
    expect(messages(getRealm({ ...realm, isDefault: "false" }))).toEqual([
      "GET /api/v1/realms/{realmId} (getRealm) 200 body/isDefault: must be boolean",
    ]);
    expect(getRealm({ ...realm, profile: { name: "P", realmType: "VENDOR" } })[0]?.where).toMatch(/body\/profile\/realmType$/);
    expect(getRealm({ ...realm, created: "yesterday" })[0]?.message).toMatch(/date-time/);
  });

  test("a status the spec doesn't document is caught", () => {
    expect(getRealm(realm, 418)).toEqual([
      { where: "GET /api/v1/realms/{realmId} (getRealm) status", message: "status 418 is not documented (documented: 200, 400, 403, 404, 429)" },
    ]);
    // Okta answers createRealm with 200, not 201: an easy mistake for a sandbox to make.
    const created = validateResponse("management", { method: "POST", path: "/api/v1/realms", status: 201, headers: json, body: realm });
    expect(created[0]?.message).toMatch(/status 201 is not documented/);
    expect(validateResponse("management", { method: "POST", path: "/api/v1/realms", status: 200, headers: json, body: realm })).toEqual([]);
  });

  test("a 204 with a body is caught; an empty 204 passes", () => {
    const del = (body: unknown) =>
      validateResponse("management", { method: "DELETE", path: `/api/v1/realms/${realm.id}`, status: 204, headers: {}, body });
    expect(del(undefined)).toEqual([]);
    expect(del("")).toEqual([]);
    expect(messages(del({ ok: true }))).toEqual([
      "DELETE /api/v1/realms/{realmId} (deleteRealm) 204 body: a 204 response must not have a body",
    ]);
  });

  test("an E0000001 error body validates for a documented 400 (through components.responses)", () => {
    const res = (body: unknown) =>
      validateResponse("management", { method: "POST", path: "/api/v1/realms", status: 400, headers: json, body });
    expect(res(e0000001)).toEqual([]);
    expect(res({ ...e0000001, errorCauses: "profile.name" })[0]?.where).toMatch(/400 body\/errorCauses$/);
    expect(res(undefined)[0]?.message).toBe("expected a application/json body");
  });

  test("users list items are validated one by one", () => {
    const list = (body: unknown) =>
      validateResponse("management", { method: "GET", path: "/api/v1/users?limit=2", status: 200, headers: json, body });
    expect(list([user, { ...user, id: "00u2", status: "STAGED" }])).toEqual([]);
    expect(messages(list([user, { ...user, status: "ENABLED" }]))).toEqual([
      expect.stringMatching(/^GET \/api\/v1\/users \(listUsers\) 200 body\/1\/status: must be equal to one of the allowed values/),
    ]);
    expect(list(user)[0]?.message).toBe("must be array");
  });

  test("nullable is honoured, but only where the spec allows it", () => {
    const get = (body: unknown) =>
      validateResponse("management", { method: "GET", path: `/api/v1/users/${user.id}`, status: 200, headers: json, body });
    expect(get(user)).toEqual([]);
    expect(get({ ...user, profile: { ...user.profile, login: null } })[0]?.where).toMatch(/body\/profile\/login$/);
  });

  test("a writeOnly password leaking into a response is caught", () => {
    const leaked = { ...user, credentials: { password: { value: "hunter2" } } };
    const v = validateResponse("management", { method: "GET", path: `/api/v1/users/${user.id}`, status: 200, headers: json, body: leaked });
    expect(v).toEqual([
      {
        where: "GET /api/v1/users/{id} (getUser) 200 body/credentials/password/value",
        message: "property is writeOnly in the spec and must not appear in a response",
      },
    ]);
  });

  test("an undocumented response content type is caught", () => {
    const v = validateResponse("management", {
      method: "GET", path: `/api/v1/realms/${realm.id}`, status: 200, headers: { "Content-Type": "text/html; charset=utf-8" }, body: "<html>",
    });
    expect(v[0]?.message).toMatch(/text\/html; charset=utf-8 is not documented/);
  });

  test("an unknown operation is a violation, not an exception", () => {
    const v = validateResponse("management", { method: "GET", path: "/api/v1/groups", status: 200, headers: json, body: [] });
    expect(v).toEqual([{ where: "GET /api/v1/groups", message: "no operation in the management spec matches" }]);
    expect(validateResponse("management", { method: "PATCH", path: "/api/v1/realms", status: 200, headers: {}, body: {} })).toHaveLength(1);
    expect(validateRequestBody("oauth", { method: "POST", path: "/oauth2/v1/nope", body: "" })).toHaveLength(1);
  });
});

describe("request bodies", () => {
  const createRealm = (body: unknown) => validateRequestBody("management", { method: "POST", path: "/api/v1/realms", body });

  test("createRealm needs profile.name", () => {
    expect(createRealm({ profile: { name: "Partners" } })).toEqual([]);
    expect(messages(createRealm({ profile: {} }))).toEqual([
      "POST /api/v1/realms (createRealm) request body/profile: must have required property 'name'",
    ]);
    expect(createRealm(undefined)).toEqual([{ where: "POST /api/v1/realms (createRealm) request body", message: "a request body is required" }]);
  });

  test("readOnly properties are tolerated in requests (PUT round-trip of a fetched realm)", () => {
    expect(validateRequestBody("management", { method: "PUT", path: `/api/v1/realms/${realm.id}`, body: realm })).toEqual([]);
  });

  test("createUser validates the profile and the password credential", () => {
    const create = (body: unknown) => validateRequestBody("management", { method: "POST", path: "/api/v1/users?activate=true", body });
    const body = { profile: { login: "a@example.com", email: "a@example.com", firstName: "A", lastName: "B" }, credentials: { password: { value: "pw" } } };
    expect(create(body)).toEqual([]);
    expect(create({ credentials: body.credentials })[0]?.message).toBe("must have required property 'profile'");
    expect(create({ profile: { ...body.profile, email: "not-an-email" } })[0]?.where).toMatch(/request body\/profile\/email$/);
  });

  test("token requests follow Okta's grant_type discriminator", () => {
    const token = (body: string, contentType = "application/x-www-form-urlencoded") =>
      validateRequestBody("oauth", { method: "POST", path: "/oauth2/v1/token", body, contentType });
    expect(token("grant_type=authorization_code&code=abc&redirect_uri=https%3A%2F%2Fapp%2Fcb&code_verifier=v")).toEqual([]);
    expect(token("grant_type=refresh_token&refresh_token=r&scope=openid")).toEqual([]);
    expect(messages(token("grant_type=authorization_code&redirect_uri=x"))).toEqual([
      "POST /oauth2/v1/token (token) request body: must have required property 'code'",
    ]);
    expect(token("grant_type=client_credentials")[0]?.message).toBe("must have required property 'scope'");
    expect(token("grant_type=magic")[0]?.where).toMatch(/request body\/grant_type$/);
    expect(token('{"grant_type":"client_credentials","scope":"x"}', "application/json")[0]?.message).toMatch(
      /content type application\/json is not accepted/,
    );
  });

  test("form fields are coerced per schema type, so max_age=300 passes and max_age=soon doesn't", () => {
    const authorize = (extra: string) =>
      validateRequestBody("oauth", {
        method: "POST", path: "/oauth2/v1/authorize", contentType: "application/x-www-form-urlencoded",
        body: `client_id=c&redirect_uri=https%3A%2F%2Fapp%2Fcb&response_type=code&scope=openid&state=s${extra}`,
      });
    expect(authorize("&max_age=300")).toEqual([]);
    expect(authorize("&max_age=soon")[0]?.where).toMatch(/request body\/max_age$/);
    expect(validateRequestBody("oauth", { method: "POST", path: "/oauth2/v1/authorize", body: "client_id=c" }).length).toBeGreaterThan(0);
  });

  test("an operation without a request body rejects one", () => {
    const v = validateRequestBody("management", { method: "DELETE", path: `/api/v1/realms/${realm.id}`, body: { force: true } });
    expect(v[0]?.message).toBe("the operation takes no request body");
  });
});

describe("oauth responses", () => {
  const keys = (body: unknown) =>
    validateResponse("oauth", { method: "GET", path: "/oauth2/v1/keys", status: 200, headers: { ...json, "cache-control": "max-age=3600" }, body });

  test("a JWKS validates; a bad kty is caught (and the broken JsonWebKey mapping doesn't recurse)", () => {
    expect(keys({ keys: [{ kty: "RSA", alg: "RS256", kid: "k1", use: "sig", n: "0vx7", e: "AQAB" }] })).toEqual([]);
    expect(keys({ keys: [{ kty: "enc", kid: "k1" }] })[0]?.where).toMatch(/body\/keys\/0\/kty$/);
  });

  test("token responses and OAuth errors", () => {
    const token = (status: number, body: unknown) =>
      validateResponse("oauth", { method: "POST", path: "/oauth2/v1/token", status, headers: json, body });
    expect(token(200, { token_type: "Bearer", expires_in: 3600, access_token: "a", scope: "okta.realms.read", refresh_token: "r" })).toEqual([]);
    expect(token(200, { token_type: "Bearer", expires_in: "3600" })[0]?.where).toMatch(/body\/expires_in$/);
    expect(token(400, { error: "invalid_grant", error_description: "The authorization code is invalid or has expired." })).toEqual([]);
    expect(token(404, { error: "x" })[0]?.message).toMatch(/status 404 is not documented/);
  });

  test("revoke's 200 documents no body", () => {
    const revoke = (body: unknown) => validateResponse("oauth", { method: "POST", path: "/oauth2/v1/revoke", status: 200, headers: {}, body });
    expect(revoke("")).toEqual([]);
    expect(revoke({ revoked: true })[0]?.message).toBe("the spec documents no body for this status");
  });
});

describe("requiredScopes", () => {
  test("concrete paths resolve to their template's scope", () => {
    expect(requiredScopes("POST", "/api/v1/users/00u1")).toEqual(["okta.users.manage"]);
    expect(requiredScopes("get", "/api/v1/users/00u1")).toEqual(["okta.users.read"]);
    expect(requiredScopes("GET", "/api/v1/users?search=profile.login%20eq%20%22a%22")).toEqual(["okta.users.read"]);
    expect(requiredScopes("POST", "/api/v1/users/00u1/lifecycle/deactivate")).toEqual(["okta.users.manage"]);
    expect(requiredScopes("PUT", "/api/v1/realms/guo1")).toEqual(["okta.realms.manage"]);
    expect(requiredScopes("GET", "/api/v1/realm-assignments/operations")).toEqual(["okta.realmAssignments.read"]);
    expect(requiredScopes("POST", "/api/v1/realm-assignments/rul1/lifecycle/activate")).toEqual(["okta.realmAssignments.manage"]);
    expect(requiredScopes("POST", "/api/v1/meta/schemas/user/default")).toEqual(["okta.schemas.manage"]);
  });

  test("an operation outside the trimmed spec throws instead of answering 'no scope'", () => {
    expect(() => requiredScopes("GET", "/api/v1/groups")).toThrow(/no management operation/);
  });
});

describe("the trimmed spec", () => {
  const root = path.resolve(__dirname, "../..");
  type Op = { security?: { oauth2?: string[] }[]; requestBody?: { content?: Record<string, unknown> } };
  const ops = (doc: { paths: Record<string, Record<string, unknown>> }) =>
    Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.entries(item).filter(([m]) => m !== "parameters").map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, op: op as Op })),
    );

  test("is small and says where it came from", () => {
    for (const [file, doc] of [["okta-management.json", managementSpec], ["okta-oauth.json", oauthSpec]] as const) {
      expect(statSync(path.join(root, "spec", file)).size).toBeLessThan(300_000);
      expect(doc["x-derived-from"]).toMatch(new RegExp(`^okta-openapi \\S+\\.yaml ${doc.info.version.replace(/\./g, "\\.")}, trimmed by`));
      // Prose keys are gone except where they are property names (UserSchemaAttribute has a `description` field).
      const prose = readFileSync(path.join(root, "spec", file), "utf8").match(/"(description|summary|example|examples)": [^{]/g);
      expect(prose).toBeNull();
    }
  });

  test("okta-scopes.json agrees with the security blocks of every kept management operation", () => {
    const fromSpec = Object.fromEntries(
      ops(managementSpec).map(({ key, op }) => [key, (op.security ?? []).flatMap((s) => s.oauth2 ?? [])]),
    );
    const { "x-derived-from": header, ...table } = scopeTable;
    expect(header).toBe(managementSpec["x-derived-from"]);
    expect(table).toEqual(fromSpec);
    expect(Object.keys(table)).toHaveLength(24);
  });

  test("every kept request body documents exactly one media type (the validator relies on it)", () => {
    for (const { key, op } of [...ops(managementSpec), ...ops(oauthSpec)]) {
      if (op.requestBody) expect(Object.keys(op.requestBody.content ?? {}), key).toHaveLength(1);
    }
  });
});
