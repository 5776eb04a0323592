// A connection to an in-process sandbox org authorized the real way (authorization code + PKCE,
// signed in as the seeded super admin), so it holds a refresh token the org's authorization server
// rotates: what the token-endpoint fault scenarios need. (lib/realms/testing/sandbox-org.ts mints
// access tokens without a refresh token, which is enough for Management API faults only.)
import { randomBytes } from "node:crypto";
import { createConnection, storeAuthorization, tokenSetFromResponse, type ConnectionDeps, type TokenResponse } from "@/lib/connections";
import type { Sandbox } from "@/sandbox";
import { codeFlow } from "@/sandbox/management/test-support/client";

const REDIRECT_URI = "http://localhost:3000/api/connections/callback"; // the seeded connector app's

/** Tokens of a full authorization of the seeded connector app (ROTATE, leeway 30 unless changed). */
export async function authorizeConnectorApp(sb: Sandbox, scopes: readonly string[]): Promise<TokenResponse> {
  const { status, body } = await codeFlow(sb, ["openid", "offline_access", ...scopes].join(" "), sb.seeded.connectorApp, REDIRECT_URI);
  const tokens = body as Partial<TokenResponse> & { error?: string };
  if (status !== 200 || !tokens.access_token || !tokens.refresh_token) throw new Error(`token exchange failed: ${status} ${tokens.error ?? ""}`);
  return { ...tokens, access_token: tokens.access_token };
}

/**
 * A HEALTHY connection holding a real refresh token. `expiresInMs` stores the access token as
 * expiring that soon (≤ 0: already expired, so its next use must refresh; under the 5-minute skew:
 * still accepted by Okta but due for refresh).
 */
export async function refreshableConnection(deps: ConnectionDeps, sb: Sandbox, scopes: readonly string[], opts: { expiresInMs?: number; nickname?: string } = {}) {
  const app = sb.seeded.connectorApp;
  const created = await createConnection(deps, {
    nickname: opts.nickname ?? `faults-${randomBytes(4).toString("hex")}`,
    oktaDomain: sb.url.replace(/^http:\/\//, ""),
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    requestedScopes: ["openid", "offline_access", ...scopes],
    createdById: null,
  });
  const tokens = await authorizeConnectorApp(sb, scopes);
  const tokenSet = tokenSetFromResponse(tokens, Date.now(), null);
  await storeAuthorization(deps, created.id, {
    tokenSet: opts.expiresInMs === undefined ? tokenSet : { ...tokenSet, expiresAt: new Date(Date.now() + opts.expiresInMs) },
    authorizedSub: sb.seeded.admin.id,
    authorizedLogin: sb.seeded.admin.login,
    actor: null,
  });
  return { connectionId: created.id, tokens };
}
