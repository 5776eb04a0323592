// Refresh tokens the way Okta's org AS hands them out: ROTATE with a leeway (grace period) and
// reuse detection that revokes the whole token family, STATIC, and scope rules on refresh.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, startSandbox, type Sandbox } from "./test-support/fixture";
import { postForm, refresh, signInForTokens } from "./test-support/http-client";

const rotating = makeApp({ clientId: "0oaRotate", rotationType: "ROTATE", leeway: 30 });
const noLeeway = makeApp({ clientId: "0oaRotateNoLeeway", rotationType: "ROTATE", leeway: 0 });
const staticApp = makeApp({ clientId: "0oaStatic", rotationType: "STATIC" });
const revocable = makeApp({ clientId: "0oaRevocable", rotationType: "STATIC", grantedScopes: ["okta.realms.read", "okta.realms.manage"] });
const noRefreshGrant = makeApp({ clientId: "0oaNoRefresh", grantTypes: ["authorization_code"] });
const SCOPE = "openid offline_access okta.realms.read";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox([rotating, noLeeway, staticApp, revocable, noRefreshGrant]);
});
afterAll(async () => sb.close());

const token = (value: string | undefined): string => {
  if (!value) throw new Error("expected a token");
  return value;
};

describe("ROTATE", () => {
  it("each refresh returns a new refresh token; the old one works within the leeway and not after", async () => {
    const first = await signInForTokens(sb.issuer, rotating, SCOPE);
    const rt1 = token(first.refresh_token);

    const second = await refresh(sb.issuer, rotating, rt1);
    expect(second.status).toBe(200);
    const rt2 = token(second.body.refresh_token);
    expect(rt2).not.toBe(rt1);
    expect(second.body).toMatchObject({ token_type: "Bearer", scope: "openid offline_access okta.realms.read" });

    sb.clock.advance(29_000);
    const withinLeeway = await refresh(sb.issuer, rotating, rt1);
    expect(withinLeeway.status).toBe(200);

    sb.clock.advance(2_000); // 31 s after rt1 was rotated
    const afterLeeway = await refresh(sb.issuer, rotating, rt1);
    expect(afterLeeway).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: "The refresh token is invalid or expired." },
    });
  });

  it("reuse after the leeway revokes the whole family: newest refresh token and its access tokens", async () => {
    const before = sb.as.counters().reuseDetected;
    const first = await signInForTokens(sb.issuer, noLeeway, SCOPE);
    const rt1 = token(first.refresh_token);
    const second = await refresh(sb.issuer, noLeeway, rt1);
    const rt2 = token(second.body.refresh_token);
    const at2 = token(second.body.access_token);
    expect(await sb.as.verifyAccessToken(at2)).not.toBeNull();

    sb.clock.advance(1_000);
    expect((await refresh(sb.issuer, noLeeway, rt1)).body.error).toBe("invalid_grant"); // stolen token replayed

    expect((await refresh(sb.issuer, noLeeway, rt2)).body.error).toBe("invalid_grant");
    expect(await sb.as.verifyAccessToken(at2)).toBeNull();
    expect(await sb.as.verifyAccessToken(token(first.access_token))).toBeNull();
    expect(sb.as.counters().reuseDetected).toBe(before + 1);
  });

  it("a family is one sign-in: reuse in one does not revoke another sign-in of the same user", async () => {
    const other = await signInForTokens(sb.issuer, noLeeway, SCOPE);
    const first = await signInForTokens(sb.issuer, noLeeway, SCOPE);
    const rt1 = token(first.refresh_token);
    await refresh(sb.issuer, noLeeway, rt1);
    sb.clock.advance(1_000);
    await refresh(sb.issuer, noLeeway, rt1);
    expect((await refresh(sb.issuer, noLeeway, token(other.refresh_token))).status).toBe(200);
  });
});

describe("STATIC", () => {
  it("returns the same refresh token on every refresh and keeps it usable", async () => {
    const first = await signInForTokens(sb.issuer, staticApp, SCOPE);
    const rt = token(first.refresh_token);
    const second = await refresh(sb.issuer, staticApp, rt);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).toBe(rt);
    expect(second.body.access_token).not.toBe(first.access_token);
    sb.clock.advance(120_000);
    const third = await refresh(sb.issuer, staticApp, rt);
    expect(third.body.refresh_token).toBe(rt);
  });
});

describe("refresh token lifetime", () => {
  const DAY = 24 * 3600 * 1000;

  it("a family lives 90 days from sign-in, and rotation does not extend it", async () => {
    const first = await signInForTokens(sb.issuer, rotating, SCOPE);
    sb.clock.advance(89 * DAY);
    const rotated = await refresh(sb.issuer, rotating, token(first.refresh_token));
    expect(rotated.status).toBe(200);
    sb.clock.advance(2 * DAY);
    expect((await refresh(sb.issuer, rotating, token(rotated.body.refresh_token))).body).toEqual({
      error: "invalid_grant",
      error_description: "The refresh token is invalid or expired.",
    });
  });
});

describe("scopes on refresh", () => {
  it("a subset of the original scopes is allowed; a superset is access_denied", async () => {
    const first = await signInForTokens(sb.issuer, staticApp, "openid profile offline_access okta.realms.read");
    const rt = token(first.refresh_token);

    const subset = await refresh(sb.issuer, staticApp, rt, "openid okta.realms.read");
    expect(subset.status).toBe(200);
    expect(subset.body.scope).toBe("openid okta.realms.read");

    const superset = await refresh(sb.issuer, staticApp, rt, "openid okta.realms.read okta.realms.manage");
    expect(superset).toEqual({
      status: 400,
      body: {
        error: "access_denied",
        error_description: "Some of the scopes requested for the refresh request were not granted in the original authorize request.",
      },
    });
  });

  it("drops okta.* scopes an admin revoked on the app since the user authorized", async () => {
    const first = await signInForTokens(sb.issuer, revocable, "openid offline_access okta.realms.read okta.realms.manage");
    expect(first.scope).toBe("openid offline_access okta.realms.read okta.realms.manage");
    revocable.grantedScopes.delete("okta.realms.manage");
    try {
      const next = await refresh(sb.issuer, revocable, token(first.refresh_token));
      expect(next.status).toBe(200);
      expect(next.body.scope).toBe("openid offline_access okta.realms.read");
      expect((await sb.as.verifyAccessToken(token(next.body.access_token)))?.scopes).not.toContain("okta.realms.manage");
    } finally {
      revocable.grantedScopes.add("okta.realms.manage");
    }
  });
});

describe("when a refresh token is issued", () => {
  it("not without offline_access on /authorize", async () => {
    const tokens = await signInForTokens(sb.issuer, rotating, "openid okta.realms.read");
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.access_token).toBeTruthy();
  });

  it("not when the app lacks the refresh_token grant, even with offline_access", async () => {
    const tokens = await signInForTokens(sb.issuer, noRefreshGrant, SCOPE);
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.scope).toBe("openid okta.realms.read");
    const attempt = await postForm(sb.issuer, "/oauth2/v1/token", noRefreshGrant, { grant_type: "refresh_token", refresh_token: "x" });
    expect(attempt.body.error).toBe("unauthorized_client");
  });
});
