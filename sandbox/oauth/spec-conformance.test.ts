// Every org AS response a client can get, checked against Okta's OAuth OpenAPI spec (the project's
// trimmed copy, via sandbox/conformance): statuses, headers and body schemas.

import { afterAll, beforeAll, expect, it } from "vitest";
import { validateResponse } from "../conformance/openapi";
import { makeApp, startSandbox, type Sandbox } from "./test-support/fixture";
import { getCode, signInForTokens } from "./test-support/http-client";

const app = makeApp();
let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox([app]);
});
afterAll(async () => sb.close());

const basic = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`;

/** Calls the sandbox and returns the spec violations of its answer (plus the status, for context). */
async function check(method: "GET" | "POST", path: string, init: { form?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { accept: "application/json", ...init.headers };
  if (init.form) headers["content-type"] = "application/x-www-form-urlencoded";
  const res = await fetch(`${sb.issuer}${path}`, { method, headers, body: init.form ? new URLSearchParams(init.form).toString() : undefined });
  const text = await res.text();
  const ct = res.headers.get("content-type") ?? "";
  const body: unknown = ct.includes("json") && text ? JSON.parse(text) : text;
  const resHeaders = Object.fromEntries(res.headers.entries());
  return { status: res.status, violations: validateResponse("oauth", { method, path: path.split("?")[0] ?? path, status: res.status, headers: resHeaders, body }) };
}

it("discovery and keys conform", async () => {
  expect(await check("GET", "/.well-known/openid-configuration")).toEqual({ status: 200, violations: [] });
  expect(await check("GET", "/.well-known/openid-configuration?client_id=0oaNope")).toEqual({ status: 400, violations: [] });
  expect(await check("GET", "/oauth2/v1/keys")).toEqual({ status: 200, violations: [] });
});

it("token responses and token errors conform", async () => {
  const { code, pkce } = await getCode(sb.issuer, { app, scope: "openid profile offline_access okta.realms.read" });
  const form = { grant_type: "authorization_code", code, redirect_uri: app.redirectUris[0] ?? "", code_verifier: pkce.verifier };
  expect(await check("POST", "/oauth2/v1/token", { form, headers: { authorization: basic } })).toEqual({ status: 200, violations: [] });
  expect(await check("POST", "/oauth2/v1/token", { form, headers: { authorization: basic } })).toEqual({ status: 400, violations: [] });
  expect(await check("POST", "/oauth2/v1/token", { form })).toEqual({ status: 401, violations: [] });
});

it("introspect, revoke and userinfo conform", async () => {
  const tokens = await signInForTokens(sb.issuer, app, "openid profile email offline_access okta.realms.read");
  const at = String(tokens.access_token);
  const auth = { authorization: basic };
  expect(await check("POST", "/oauth2/v1/introspect", { form: { token: at }, headers: auth })).toEqual({ status: 200, violations: [] });
  expect(await check("POST", "/oauth2/v1/introspect", { form: { token: String(tokens.refresh_token) }, headers: auth })).toEqual({ status: 200, violations: [] });
  expect(await check("GET", "/oauth2/v1/userinfo", { headers: { authorization: `Bearer ${at}` } })).toEqual({ status: 200, violations: [] });
  expect(await check("POST", "/oauth2/v1/revoke", { form: { token: at }, headers: auth })).toEqual({ status: 200, violations: [] });
  expect(await check("POST", "/oauth2/v1/introspect", { form: { token: at }, headers: auth })).toEqual({ status: 200, violations: [] });
  expect(await check("GET", "/oauth2/v1/userinfo", { headers: { authorization: `Bearer ${at}` } })).toEqual({ status: 401, violations: [] });
  expect(await check("POST", "/oauth2/v1/revoke", { form: {}, headers: auth })).toEqual({ status: 400, violations: [] });
});
