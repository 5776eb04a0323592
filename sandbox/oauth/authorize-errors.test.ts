// /oauth2/v1/authorize the way Okta's org AS answers it: scope policy against the app's grants,
// required state and S256 PKCE, and no redirect to an unregistered redirect_uri.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDIRECT_URI, makeApp, startSandbox, type Sandbox } from "./test-support/fixture";
import { authorize, exchangeCode, getCode, makePkce } from "./test-support/http-client";

const app = makeApp({ grantedScopes: ["okta.realms.read", "okta.users.read"] });
const nothingGranted = makeApp({ clientId: "0oaNoGrants", grantedScopes: [] });

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox([app, nothingGranted]);
});
afterAll(async () => sb.close());

function params(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    client_id: app.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: "openid okta.realms.read",
    state: "state-123",
    code_challenge: makePkce().challenge,
    code_challenge_method: "S256",
    ...overrides,
  };
}

/** The error the AS sent back to the app's redirect URI. */
async function redirectError(overrides: Record<string, string | undefined>) {
  const result = await authorize(sb.issuer, params(overrides));
  const url = result.redirect;
  if (!url) throw new Error(`expected a redirect, got ${result.status}: ${result.html ?? ""}`);
  expect(url.origin + url.pathname).toBe(REDIRECT_URI);
  // Query for response_type=code; an implicit response_type gets its error in the fragment.
  const p = url.hash ? new URLSearchParams(url.hash.slice(1)) : url.searchParams;
  return { error: p.get("error"), error_description: p.get("error_description"), state: p.get("state"), code: p.get("code") };
}

describe("scopes", () => {
  it("consent_required when okta.* scopes are requested but none is granted on the app", async () => {
    const result = await authorize(sb.issuer, params({ client_id: nothingGranted.clientId, scope: "openid okta.realms.read okta.users.manage" }));
    expect(result.redirect?.searchParams.get("error")).toBe("consent_required");
    expect(result.redirect?.searchParams.get("error_description")).toBe("You are not allowed any of the requested scopes.");
    expect(result.redirect?.searchParams.get("state")).toBe("state-123");
  });

  it("a partially granted set issues a token with only the granted okta.* scopes", async () => {
    const scope = "openid profile okta.realms.read okta.realms.manage okta.users.read okta.users.manage";
    const { code, pkce } = await getCode(sb.issuer, { app, scope });
    const tokens = await exchangeCode(sb.issuer, app, code, pkce.verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.body.scope).toBe("openid profile okta.realms.read okta.users.read");
    const info = await sb.as.verifyAccessToken(String(tokens.body.access_token));
    expect(info?.scopes.sort()).toEqual(["okta.realms.read", "okta.users.read", "openid", "profile"]);
  });

  it("an unknown scope is invalid_scope", async () => {
    expect(await redirectError({ scope: "openid okta.realms.read okta.spaceships.manage" })).toEqual({
      error: "invalid_scope",
      error_description: "One or more scopes are not configured for the authorization server resource.",
      state: "state-123",
      code: null,
    });
  });

  it("no scope at all is invalid_scope", async () => {
    expect(await redirectError({ scope: undefined })).toMatchObject({
      error: "invalid_scope",
      error_description: "No scopes were requested.",
    });
  });

  it("OIDC-only requests don't need any okta.* grant", async () => {
    const result = await authorize(sb.issuer, params({ client_id: nothingGranted.clientId, scope: "openid email" }));
    expect(result.redirect?.searchParams.get("code")).toBeTruthy();
  });
});

describe("request validation", () => {
  it("an unregistered redirect_uri shows an error page and never redirects", async () => {
    const result = await authorize(sb.issuer, params({ redirect_uri: "https://evil.example/callback" }));
    expect(result.redirect).toBeUndefined();
    expect(result.status).toBe(400);
    expect(result.html).toContain("redirect_uri");
  });

  it("a redirect_uri that only differs by a trailing slash is not a match", async () => {
    const result = await authorize(sb.issuer, params({ redirect_uri: `${REDIRECT_URI}/` }));
    expect(result.redirect).toBeUndefined();
  });

  it("a missing state is an error", async () => {
    expect(await redirectError({ state: undefined })).toMatchObject({ error: "invalid_request", code: null });
  });

  it("PKCE is required", async () => {
    expect(await redirectError({ code_challenge: undefined, code_challenge_method: undefined })).toMatchObject({
      error: "invalid_request",
      state: "state-123",
      code: null,
    });
  });

  it("the plain PKCE method is rejected", async () => {
    expect(await redirectError({ code_challenge: "a".repeat(43), code_challenge_method: "plain" })).toMatchObject({
      error: "invalid_request",
      code: null,
    });
  });

  it("only response_type=code", async () => {
    expect(await redirectError({ response_type: "token" })).toMatchObject({ error: "unsupported_response_type", code: null });
  });

  it("an unknown client_id shows an error page", async () => {
    const result = await authorize(sb.issuer, params({ client_id: "0oaNope" }));
    expect(result.redirect).toBeUndefined();
    expect(result.status).toBe(400);
  });

  it("prompt=none without a session is login_required on the redirect", async () => {
    expect(await redirectError({ prompt: "none" })).toMatchObject({ error: "login_required", state: "state-123" });
  });

  it("prompt=consent and prompt=login consent still complete (consent is implicit)", async () => {
    expect((await redirectError({ prompt: "consent" })).code).toBeTruthy();
    expect((await redirectError({ prompt: "login consent" })).code).toBeTruthy();
  });

  it("the state comes back unchanged with the code", async () => {
    const result = await redirectError({ state: "xyz 123/ä" });
    expect(result).toMatchObject({ state: "xyz 123/ä", error: null });
    expect(result.code).toBeTruthy();
  });

  it("a code expires after 300 seconds", async () => {
    const { code, pkce } = await getCode(sb.issuer, { app, scope: "openid" });
    sb.clock.advance(301_000);
    const res = await exchangeCode(sb.issuer, app, code, pkce.verifier);
    expect(res.body).toEqual({ error: "invalid_grant", error_description: "The authorization code is invalid or has expired." });
  });
});
