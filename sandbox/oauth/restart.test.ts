// The org keeps what it issued across a restart, like a real Okta org: a connection authorized
// before `npm start` was restarted can still refresh and call the Management API afterwards.

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../index";
import type { OAuthApp } from "../org/contract";
import { authorize, exchangeCode, makePkce, refresh } from "./test-support/http-client";

const APP_URL = "http://app.test:4000";
const REDIRECT_URI = `${APP_URL}/api/connections/callback`;
const SCOPE = "openid offline_access okta.realms.read";

const dir = mkdtempSync(join(tmpdir(), "sandbox-restart-"));
const persistPath = join(dir, "sandbox.json");
const running: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<Sandbox> {
  const sandbox = await startSandbox({ mode: "local", persistPath, seed: { appUrl: APP_URL, userCount: 0 } });
  running.push(sandbox);
  return sandbox;
}

async function stop(sandbox: Sandbox): Promise<void> {
  await sandbox.stop();
  running.splice(running.indexOf(sandbox), 1);
}

function connector(sandbox: Sandbox): OAuthApp {
  const app = sandbox.org.getApp(sandbox.seeded.connectorApp.clientId);
  if (!app) throw new Error("the seeded connector app is missing");
  return app;
}

async function signIn(sandbox: Sandbox): Promise<{ access_token: string; refresh_token: string; id_token: string }> {
  const app = connector(sandbox);
  const pkce = makePkce();
  const { admin } = sandbox.seeded;
  const params = { client_id: app.clientId, redirect_uri: REDIRECT_URI, response_type: "code", scope: SCOPE, state: "st-1", code_challenge: pkce.challenge, code_challenge_method: "S256" };
  const result = await authorize(sandbox.url, params, admin.password, admin.login);
  const code = result.redirect?.searchParams.get("code");
  if (!code) throw new Error(`no code: ${result.redirect?.href ?? result.html ?? result.status}`);
  const res = await exchangeCode(sandbox.url, app, code, pkce.verifier, REDIRECT_URI);
  const { access_token, refresh_token, id_token } = res.body;
  if (res.status !== 200 || !access_token || !refresh_token || !id_token) throw new Error(`token exchange failed: ${JSON.stringify(res.body)}`);
  return { access_token, refresh_token, id_token };
}

const listRealms = (sandbox: Sandbox, accessToken: string) =>
  fetch(new URL("/api/v1/realms", sandbox.url), { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } });

const jwks = async (sandbox: Sandbox) => (await fetch(new URL("/oauth2/v1/keys", sandbox.url))).json() as Promise<{ keys: { kid: string; n: string }[] }>;

describe("a sandbox restarted on the same persisted state", () => {
  it("honours the refresh and access tokens it issued before, and keeps its signing key", async () => {
    const first = await start();
    const tokens = await signIn(first);
    const keysBefore = await jwks(first);
    // Saved by the debounced saver as tokens are issued, not only at a clean stop (kill -9 keeps them too).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const kinds = (JSON.parse(readFileSync(persistPath, "utf8")) as { oauth: { tokens: { key: string }[] } }).oauth.tokens.map((t) => t.key.split(":")[0]);
    expect(new Set(kinds)).toEqual(new Set(["Grant", "RefreshToken", "AccessToken"]));
    await stop(first);

    const saved = readFileSync(persistPath, "utf8");
    expect(saved).not.toContain(tokens.refresh_token);
    expect(saved).not.toContain(tokens.access_token);
    expect(statSync(persistPath).mode & 0o777).toBe(0o600);

    const second = await start();
    expect((await listRealms(second, tokens.access_token)).status).toBe(200);
    const refreshed = await refresh(second.url, connector(second), tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    const newAccess = refreshed.body.access_token;
    if (!newAccess) throw new Error("no access token");
    expect((await listRealms(second, newAccess)).status).toBe(200);
    expect(await jwks(second)).toEqual(keysBefore);
  });

  it("keeps refresh-token rotation state: the rotated token works within the leeway and reuse after it revokes the family", async () => {
    const first = await start();
    const app = connector(first);
    const { refresh_token: rt1 } = await signIn(first);
    const rotated = await refresh(first.url, app, rt1);
    const rt2 = rotated.body.refresh_token;
    if (!rt2) throw new Error("no rotated refresh token");
    await stop(first);

    const second = await start();
    expect((await refresh(second.url, connector(second), rt1)).status).toBe(200); // within the 30 s leeway
    second.clock.advance(31_000);
    await stop(second);

    const third = await start();
    expect((await refresh(third.url, connector(third), rt1)).body.error).toBe("invalid_grant"); // reuse after the leeway
    expect((await refresh(third.url, connector(third), rt2)).body.error).toBe("invalid_grant"); // the family is revoked
  });

  it("keeps a revocation: of two connections, only the one not revoked before the restart still refreshes", async () => {
    const first = await start();
    const app = connector(first);
    const kept = await signIn(first);
    const { refresh_token } = await signIn(first);
    const revoke = await fetch(new URL("/oauth2/v1/revoke", first.url), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}` },
      body: new URLSearchParams({ token: refresh_token, token_type_hint: "refresh_token" }).toString(),
    });
    expect(revoke.status).toBe(200);
    await stop(first);

    const second = await start();
    expect((await refresh(second.url, connector(second), refresh_token)).body.error).toBe("invalid_grant");
    expect((await refresh(second.url, connector(second), kept.refresh_token)).status).toBe(200);
  });

  it("loads a snapshot saved before OAuth state was kept: the org is there, earlier tokens are not, new ones survive the next restart", async () => {
    const first = await start();
    const realm = first.org.createRealm({ name: "From an older snapshot" });
    const { refresh_token } = await signIn(first);
    await stop(first);
    const { oauth, ...older } = JSON.parse(readFileSync(persistPath, "utf8")) as Record<string, unknown>;
    expect(oauth).toBeDefined();
    writeFileSync(persistPath, JSON.stringify(older));

    const second = await start();
    expect(second.org.realms.get(realm.id)?.profile.name).toBe("From an older snapshot");
    expect((await refresh(second.url, connector(second), refresh_token)).body.error).toBe("invalid_grant");
    const fresh = await signIn(second);
    await stop(second);

    const third = await start();
    expect((await refresh(third.url, connector(third), fresh.refresh_token)).status).toBe(200);
  });
});
