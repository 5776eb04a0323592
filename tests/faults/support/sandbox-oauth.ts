// A connection to an in-process sandbox org authorized the real way (authorization code + PKCE,
// signed in as the seeded super admin), so it holds a refresh token the org's authorization server
// rotates: what the token-endpoint fault scenarios need. (lib/realms/testing/sandbox-org.ts mints
// access tokens without a refresh token, which is enough for Management API faults only.)
import { createHash, randomBytes } from "node:crypto";
import { createConnection, storeAuthorization, tokenSetFromResponse, type ConnectionDeps, type TokenResponse } from "@/lib/connections";
import type { Sandbox } from "@/sandbox";

const REDIRECT_URI = "http://localhost:3000/api/connections/callback"; // the seeded connector app's

/** Walks /authorize → sign-in form → redirect like a browser; returns the code. */
async function authorizationCode(sb: Sandbox, clientId: string, scope: string, verifier: string): Promise<string> {
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const header of res.headers.getSetCookie()) {
      const [pair = ""] = header.split(";");
      const eq = pair.indexOf("=");
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  };
  const url = new URL("/oauth2/v1/authorize", sb.url);
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  for (const [k, v] of Object.entries({ client_id: clientId, redirect_uri: REDIRECT_URI, response_type: "code", scope, state: "faults", code_challenge: challenge, code_challenge_method: "S256" })) {
    url.searchParams.set(k, v);
  }
  let next: { url: URL; init: RequestInit } = { url, init: {} };
  for (let hop = 0; hop < 10; hop++) {
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(next.url, { ...next.init, redirect: "manual", headers: { ...next.init.headers, cookie } });
    keep(res);
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      const target = new URL(location, next.url);
      if (target.href.startsWith(REDIRECT_URI)) {
        const code = target.searchParams.get("code");
        if (!code) throw new Error(`authorization failed: ${target.search}`);
        return code;
      }
      next = { url: target, init: {} };
      continue;
    }
    const html = await res.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || !action) throw new Error(`unexpected sign-in page (${res.status})`);
    next = {
      url: new URL(action, sb.url),
      init: {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: sb.seeded.admin.login, password: sb.seeded.admin.password }).toString(),
      },
    };
  }
  throw new Error("too many redirects");
}

/** Tokens of a full authorization of the seeded connector app (ROTATE, leeway 30 unless changed). */
export async function authorizeConnectorApp(sb: Sandbox, scopes: readonly string[]): Promise<TokenResponse> {
  const app = sb.seeded.connectorApp;
  const verifier = randomBytes(32).toString("base64url");
  const code = await authorizationCode(sb, app.clientId, ["openid", "offline_access", ...scopes].join(" "), verifier);
  const res = await fetch(new URL("/oauth2/v1/token", sb.url), {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(app.clientId)}:${encodeURIComponent(app.clientSecret)}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier }).toString(),
  });
  const body = (await res.json()) as Partial<TokenResponse> & { error?: string };
  if (res.status !== 200 || !body.access_token || !body.refresh_token) throw new Error(`token exchange failed: ${res.status} ${body.error ?? ""}`);
  return { ...body, access_token: body.access_token };
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
