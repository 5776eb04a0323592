// The whole authorization-code flow as a real app would see it: an independent certified client
// (openid-client) discovers the sandbox org, a real Chromium signs in on the authorize page, and
// the client redeems the code (PKCE, state, nonce and the ID token signature all checked by it).

import { chromium, type Browser } from "@playwright/test";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, REDIRECT_URI, USER, makeApp, startSandbox, type Sandbox } from "./test-support/fixture";

let sb: Sandbox;
let browser: Browser;
const app = makeApp({ grantedScopes: ["okta.realms.read", "okta.users.read"] });

beforeAll(async () => {
  sb = await startSandbox([app]);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
});
afterAll(async () => {
  await browser?.close();
  await sb?.close();
});

/** Opens `url` in a fresh browser context, signs in, and returns where the AS redirected to. */
async function signInInBrowser(url: URL, password: string): Promise<{ callback?: URL; errorText?: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  let callback: URL | undefined;
  // The redirect URI isn't served by anyone: catch the navigation like the app's callback would.
  await page.route(`${REDIRECT_URI}**`, async (route) => {
    callback = new URL(route.request().url());
    await route.fulfill({ status: 200, contentType: "text/plain", body: "callback reached" });
  });
  await page.goto(url.href);
  await expect.poll(() => page.getByLabel("Username").inputValue()).toBe(USER.login); // login_hint pre-fills it
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Either the AS redirects to the app (callback caught) or it re-shows the page with an alert.
  await expect.poll(async () => callback !== undefined || (await page.getByRole("alert").count()) > 0, { timeout: 10_000 }).toBe(true);
  const errorText = callback ? undefined : ((await page.getByRole("alert").textContent()) ?? undefined);
  await context.close();
  return { callback, errorText };
}

describe("OAuth round trip through the sign-in page", () => {
  it("an independent OIDC client gets verified tokens for the signed-in Okta user", async () => {
    const config = await oidc.discovery(new URL(sb.issuer), app.clientId, app.clientSecret, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
    expect(config.serverMetadata().issuer).toBe(sb.issuer);

    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: "openid profile email offline_access okta.realms.read okta.users.read",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      nonce,
      login_hint: USER.login,
    });

    const { callback } = await signInInBrowser(url, PASSWORD);
    expect(callback?.searchParams.get("code")).toBeTruthy();
    if (!callback) throw new Error("the browser never reached the redirect URI");

    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    expect(claims).toMatchObject({ iss: sb.issuer, aud: app.clientId, sub: USER.id, nonce, preferred_username: USER.login, email: USER.email, name: "Ada Admin" });
    expect(tokens.scope?.split(" ").sort()).toEqual(["email", "offline_access", "okta.realms.read", "okta.users.read", "openid", "profile"]);
    expect(tokens.refresh_token).toBeTruthy();

    // The Management API's view of the same token: acts for the signed-in user with the granted scopes.
    const info = await sb.as.verifyAccessToken(tokens.access_token);
    expect(info).toMatchObject({ clientId: app.clientId, sub: USER.id });
    expect(info?.scopes).toContain("okta.users.read");

    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, USER.id);
    expect(userinfo).toMatchObject({ sub: USER.id, email: USER.email });
  });

  it("a wrong password keeps the user on the sign-in page with an error", async () => {
    const url = new URL("/oauth2/v1/authorize", sb.issuer);
    url.search = new URLSearchParams({
      client_id: app.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: "openid",
      state: "s",
      code_challenge: oidc.randomPKCECodeVerifier(),
      code_challenge_method: "S256",
      login_hint: USER.login,
    }).toString();
    const result = await signInInBrowser(url, "not the password");
    expect(result.callback).toBeUndefined();
    expect(result.errorText).toContain("Unable to sign in");
  });
});
