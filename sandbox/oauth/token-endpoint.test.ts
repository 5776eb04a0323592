// /oauth2/v1/token, /revoke, /introspect, /userinfo, /keys and discovery, plus the Management
// API's view of tokens (verifyAccessToken) and the control-plane counters.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDIRECT_URI, USER, makeApp, startSandbox, type Sandbox } from "./test-support/fixture";
import { exchangeCode, getCode, postForm, refresh, signInForTokens } from "./test-support/http-client";

const app = makeApp({ rotationType: "STATIC" });
const otherApp = makeApp({ clientId: "0oaOtherApp" });
const SCOPE = "openid profile offline_access okta.realms.read";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox([app, otherApp], { accessTokenTtlSeconds: 60 });
});
afterAll(async () => sb.close());

const introspect = (token: string, hint?: string) =>
  postForm(sb.issuer, "/oauth2/v1/introspect", app, hint ? { token, token_type_hint: hint } : { token });
const revoke = (token: string) => postForm(sb.issuer, "/oauth2/v1/revoke", app, { token });

describe("authorization_code grant", () => {
  it("returns Okta's token response shape, with client_secret_post as well as basic", async () => {
    const { code, pkce } = await getCode(sb.issuer, { app, scope: SCOPE });
    const res = await postForm(
      sb.issuer,
      "/oauth2/v1/token",
      app,
      { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: pkce.verifier },
      { post: true },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: "Bearer", expires_in: 60, scope: SCOPE });
    expect(Object.keys(res.body).sort()).toEqual(["access_token", "expires_in", "id_token", "refresh_token", "scope", "token_type"]);
  });

  it("a code works once; reusing it is invalid_grant and revokes the tokens it produced", async () => {
    const { code, pkce } = await getCode(sb.issuer, { app, scope: SCOPE });
    const first = await exchangeCode(sb.issuer, app, code, pkce.verifier);
    expect(first.status).toBe(200);
    const second = await exchangeCode(sb.issuer, app, code, pkce.verifier);
    expect(second).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: "The authorization code is invalid or has expired." },
    });
    expect(await sb.as.verifyAccessToken(String(first.body.access_token))).toBeNull();
    expect((await refresh(sb.issuer, app, String(first.body.refresh_token))).body.error).toBe("invalid_grant");
  });

  it("a wrong PKCE verifier is invalid_grant", async () => {
    const { code } = await getCode(sb.issuer, { app, scope: SCOPE });
    const res = await exchangeCode(sb.issuer, app, code, "x".repeat(43));
    expect(res).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "PKCE verification failed." } });
  });

  it("the redirect_uri must match the one used on /authorize", async () => {
    const { code, pkce } = await getCode(sb.issuer, { app, scope: SCOPE });
    const res = await exchangeCode(sb.issuer, app, code, pkce.verifier, "http://127.0.0.1:9/other");
    expect(res.body.error).toBe("invalid_grant");
  });

  it("another app cannot redeem the code", async () => {
    const { code, pkce } = await getCode(sb.issuer, { app, scope: SCOPE });
    const res = await exchangeCode(sb.issuer, otherApp, code, pkce.verifier);
    expect(res.body).toEqual({
      error: "invalid_grant",
      error_description: "The grant was issued to another client. Ensure that the `client_id` matches the one used at the authorize request.",
    });
  });

  it("bad client credentials are 401 invalid_client, in Okta's words", async () => {
    const form = { grant_type: "refresh_token", refresh_token: "x" };
    const wrongSecret = await postForm(sb.issuer, "/oauth2/v1/token", { ...app, clientSecret: "wrong" }, form);
    expect(wrongSecret).toEqual({
      status: 401,
      body: { error: "invalid_client", error_description: "The client secret supplied for a confidential client is invalid." },
    });
    const unknownClient = await postForm(sb.issuer, "/oauth2/v1/introspect", { ...app, clientId: "0oaNope" }, { token: "x" });
    expect(unknownClient).toEqual({ status: 401, body: { error: "invalid_client", error_description: "Invalid value for the `client_id` parameter" } });
    const noCredentials = await fetch(`${sb.issuer}/oauth2/v1/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams(form).toString(),
    });
    expect(noCredentials.status).toBe(401);
    expect(await noCredentials.json()).toEqual({ error: "invalid_client", error_description: "No client credentials found" });
  });

  it("an unsupported grant type is unsupported_grant_type", async () => {
    const res = await postForm(sb.issuer, "/oauth2/v1/token", app, { grant_type: "password", username: "a", password: "b" });
    expect(res.body).toEqual({ error: "unsupported_grant_type", error_description: "The grant type in the request isn't supported." });
  });
});

describe("access tokens", () => {
  it("verifyAccessToken tells the Management API who the token acts for, until it expires", async () => {
    const tokens = await signInForTokens(sb.issuer, app, SCOPE);
    const at = String(tokens.access_token);
    const info = await sb.as.verifyAccessToken(at);
    expect(info).toMatchObject({ clientId: app.clientId, sub: USER.id });
    expect(info?.scopes.sort()).toEqual(["offline_access", "okta.realms.read", "openid", "profile"]);
    expect(info?.exp).toBeGreaterThan(sb.clock.now() / 1000);

    sb.clock.advance(61_000);
    expect(await sb.as.verifyAccessToken(at)).toBeNull();
    expect((await introspect(at)).body).toEqual({ active: false });
    // The refresh token outlives it.
    const next = await refresh(sb.issuer, app, String(tokens.refresh_token));
    expect(await sb.as.verifyAccessToken(String(next.body.access_token))).not.toBeNull();
  });

  it("a deactivated user's tokens stop working", async () => {
    const tokens = await signInForTokens(sb.issuer, app, SCOPE);
    USER.status = "DEPROVISIONED";
    try {
      expect(await sb.as.verifyAccessToken(String(tokens.access_token))).toBeNull();
      expect((await refresh(sb.issuer, app, String(tokens.refresh_token))).body.error).toBe("invalid_grant");
    } finally {
      USER.status = "ACTIVE";
    }
  });

  it("verifyAccessToken rejects garbage", async () => {
    expect(await sb.as.verifyAccessToken("not-a-token")).toBeNull();
    expect(await sb.as.verifyAccessToken("")).toBeNull();
  });
});

describe("introspect and revoke", () => {
  it("introspect describes an active access token in Okta's shape", async () => {
    const tokens = await signInForTokens(sb.issuer, app, SCOPE);
    const res = await introspect(String(tokens.access_token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      active: true,
      token_type: "Bearer",
      scope: SCOPE,
      client_id: app.clientId,
      username: USER.login,
      sub: USER.login,
      uid: USER.id,
      aud: sb.issuer,
      iss: sb.issuer,
    });
    for (const key of ["exp", "iat", "jti"]) expect(res.body[key]).toBeTruthy();
  });

  it("revoking an access token makes it inactive but leaves the refresh token working", async () => {
    const tokens = await signInForTokens(sb.issuer, app, SCOPE);
    const at = String(tokens.access_token);
    const res = await revoke(at);
    expect(res.status).toBe(200);
    expect((await introspect(at)).body).toEqual({ active: false });
    expect(await sb.as.verifyAccessToken(at)).toBeNull();
    expect((await refresh(sb.issuer, app, String(tokens.refresh_token))).status).toBe(200);
  });

  it("revoking a refresh token makes it and its access tokens inactive", async () => {
    const tokens = await signInForTokens(sb.issuer, app, SCOPE);
    const rt = String(tokens.refresh_token);
    expect((await introspect(rt, "refresh_token")).body).toMatchObject({ active: true, uid: USER.id });
    expect((await revoke(rt)).status).toBe(200);
    expect((await introspect(rt, "refresh_token")).body).toEqual({ active: false });
    expect((await refresh(sb.issuer, app, rt)).body.error).toBe("invalid_grant");
    expect(await sb.as.verifyAccessToken(String(tokens.access_token))).toBeNull();
  });

  it("revoke and introspect require the token parameter", async () => {
    const res = await postForm(sb.issuer, "/oauth2/v1/revoke", app, {});
    expect(res).toEqual({ status: 400, body: { error: "invalid_request", error_description: "The `token` parameter is required." } });
  });

  it("revoke answers 200 for unknown tokens and another app's tokens (which stay active)", async () => {
    expect((await revoke("no-such-token")).status).toBe(200);
    const theirs = await signInForTokens(sb.issuer, otherApp, "openid okta.realms.read");
    expect((await revoke(String(theirs.access_token))).status).toBe(200);
    expect(await sb.as.verifyAccessToken(String(theirs.access_token))).not.toBeNull();
  });
});

describe("userinfo, keys, discovery", () => {
  it("userinfo returns claims for a valid token and 401 with WWW-Authenticate otherwise", async () => {
    const tokens = await signInForTokens(sb.issuer, app, "openid profile email");
    const ok = await fetch(`${sb.issuer}/oauth2/v1/userinfo`, { headers: { authorization: `Bearer ${String(tokens.access_token)}` } });
    expect(await ok.json()).toMatchObject({ sub: USER.id, preferred_username: USER.login, email: USER.email });

    const bad = await fetch(`${sb.issuer}/oauth2/v1/userinfo`, { headers: { authorization: "Bearer nope" } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("www-authenticate")).toMatch(/^Bearer .*error="invalid_token"/);
  });

  it("keys is an RS256 JWKS without private parts", async () => {
    const jwks = (await (await fetch(`${sb.issuer}/oauth2/v1/keys`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(jwks.keys[0]?.d).toBeUndefined();
  });

  it("discovery advertises Okta's org AS endpoints, S256 only and OIDC scopes only", async () => {
    const meta = (await (await fetch(`${sb.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(meta).toMatchObject({
      issuer: sb.issuer,
      authorization_endpoint: `${sb.issuer}/oauth2/v1/authorize`,
      token_endpoint: `${sb.issuer}/oauth2/v1/token`,
      revocation_endpoint: `${sb.issuer}/oauth2/v1/revoke`,
      introspection_endpoint: `${sb.issuer}/oauth2/v1/introspect`,
      jwks_uri: `${sb.issuer}/oauth2/v1/keys`,
      userinfo_endpoint: `${sb.issuer}/oauth2/v1/userinfo`,
      end_session_endpoint: `${sb.issuer}/oauth2/v1/logout`,
      code_challenge_methods_supported: ["S256"],
      scopes_supported: ["openid", "profile", "email", "address", "phone", "groups", "offline_access"],
    });
  });

  it("discovery rejects an unknown client_id parameter and accepts a known one", async () => {
    const bad = await fetch(`${sb.issuer}/.well-known/openid-configuration?client_id=0oaNope`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errorCode: "invalid_client", errorSummary: "Invalid value for `client_id` parameter" });
    expect((await fetch(`${sb.issuer}/.well-known/openid-configuration?client_id=${app.clientId}`)).status).toBe(200);
  });

  it("paths outside the org AS are left to the rest of the sandbox", async () => {
    expect((await fetch(`${sb.issuer}/api/v1/users`)).status).toBe(404);
  });
});

describe("counters", () => {
  it("count codes, tokens, refreshes and revocations", async () => {
    const before = sb.as.counters();
    const tokens = await signInForTokens(sb.issuer, app, SCOPE);
    await refresh(sb.issuer, app, String(tokens.refresh_token));
    await revoke(String(tokens.refresh_token));
    expect(sb.as.counters()).toEqual({
      ...before,
      authorizationCodesIssued: before.authorizationCodesIssued + 1,
      tokensIssued: before.tokensIssued + 2,
      refreshes: before.refreshes + 1,
      revocations: before.revocations + 1,
    });
  });
});
