// The OAuth callback's state rules, through the real route handler and guard: a state is bound to
// the member who started the authorization, works once, and expires after 10 minutes. Every refusal
// names its reason on the Connections page and stores nothing on the connection.
import * as oidc from "openid-client";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

const fx = await import("@/tests/support/team-fixtures");
const { GET } = await import("@/app/api/connections/callback/route");
const { sessionCookieName } = await import("@/lib/auth/session-cookie");
const { env } = await import("@/lib/env");
const { db } = await import("@/lib/db");
const { createConnection } = await import("@/lib/connections");
const { connectionDeps } = await import("@/lib/connections/server");
const { startAuthorization, AUTHORIZATION_TTL_MS } = await import("./pending");
const { readAuthorizationOutcome } = await import("./read-outcome");

// Building the authorize URL needs no network; the refusals below never reach the token endpoint.
const config = new oidc.Configuration({ issuer: "https://acme.okta.com", authorization_endpoint: "https://acme.okta.com/oauth2/v1/authorize" }, "client-id");

async function pendingConnection(ownerId: string) {
  const conn = await createConnection(connectionDeps(), {
    nickname: `cb-${Math.random().toString(36).slice(2, 8)}`,
    oktaDomain: "acme.okta.com",
    clientId: "client-id",
    clientSecret: "s3cret-value",
    requestedScopes: ["openid", "okta.realms.read"],
    createdById: ownerId,
  });
  return conn;
}

async function start(connectionId: string, userId: string, now = Date.now()) {
  const { authorizeUrl, authorizationId } = await startAuthorization(connectionDeps(), {
    connectionId,
    userId,
    requestedScopes: ["openid", "okta.realms.read"],
    reauthorize: false,
    config,
    redirectUri: "http://localhost:3000/api/connections/callback",
    now,
  });
  const state = new URL(authorizeUrl).searchParams.get("state");
  if (!state) throw new Error("no state in the authorize URL");
  return { state, authorizationId, authorizeUrl: new URL(authorizeUrl) };
}

/** Calls the callback as `member`; returns where the result page sends the browser. */
async function callback(member: { token: string }, query: Record<string, string>): Promise<{ status: number; target: string }> {
  const url = new URL("http://localhost/api/connections/callback");
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const response = await GET(new Request(url, { headers: { cookie: `${sessionCookieName(env().APP_URL)}=${member.token}` } }), { params: Promise.resolve({}) });
  return { status: response.status, target: response.headers.get("location") ?? "" };
}

async function storedState(connectionId: string) {
  const row = await db().connection.findUniqueOrThrow({ where: { id: connectionId } });
  return { tokenSet: row.tokenSetEnc, status: row.status, granted: row.grantedScopes, sub: row.authorizedSub };
}

const NOTHING_STORED = { tokenSet: null, status: "PENDING", granted: [], sub: null };

describe("connection authorization callback: state rules", () => {
  beforeEach(fx.resetTeam);

  it("sends PKCE S256, state and nonce on the authorize URL, and keeps the verifier only encrypted", async () => {
    const admin = await fx.createUser("ADMIN");
    const conn = await pendingConnection(admin.userId);
    const { authorizeUrl, authorizationId, state } = await start(conn.id, admin.userId);
    expect(authorizeUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizeUrl.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorizeUrl.searchParams.get("nonce")).toBeTruthy();
    expect(authorizeUrl.searchParams.get("redirect_uri")).toBe("http://localhost:3000/api/connections/callback");
    const row = await db().connectionAuthorization.findUniqueOrThrow({ where: { id: authorizationId } });
    expect(row.stateHash).not.toContain(state);
    expect(row.codeVerifierEnc.startsWith("v1.")).toBe(true);
  });

  it("refuses a replayed state: the second use is rejected and stores nothing", async () => {
    const admin = await fx.createUser("ADMIN");
    const conn = await pendingConnection(admin.userId);
    const { state, authorizationId } = await start(conn.id, admin.userId);

    const first = await callback(admin, { state, error: "access_denied", error_description: "User is not assigned to the client application." });
    expect(first).toEqual({ status: 303, target: `/connections?authorization=${authorizationId}` });
    const outcome = await readAuthorizationOutcome(authorizationId, admin.userId);
    expect(outcome?.ok).toBe(false);
    expect(outcome?.message).toMatch(/not be assigned to the OAuth app/);
    expect(outcome?.message).not.toContain("User is not assigned to the client application.");

    const replay = await callback(admin, { state, code: "another-code" });
    expect(replay.target).toBe("/connections?authorizationError=replayed_state");
    expect(await storedState(conn.id)).toMatchObject(NOTHING_STORED);
    expect(await fx.auditEvents("connection.authorize", "FAILURE")).toHaveLength(2);
  });

  it("refuses another member's state without using it up", async () => {
    const starter = await fx.createUser("ADMIN");
    const other = await fx.createUser("OWNER");
    const conn = await pendingConnection(starter.userId);
    const { state, authorizationId } = await start(conn.id, starter.userId);

    expect((await callback(other, { state, code: "stolen-code" })).target).toBe("/connections?authorizationError=foreign_state");
    expect(await storedState(conn.id)).toMatchObject(NOTHING_STORED);
    expect((await db().connectionAuthorization.findUniqueOrThrow({ where: { id: authorizationId } })).consumedAt).toBeNull();
    // The other member can't read the starter's outcome either.
    expect((await callback(starter, { state, error: "access_denied" })).target).toBe(`/connections?authorization=${authorizationId}`);
    expect(await readAuthorizationOutcome(authorizationId, other.userId)).toBeNull();
  });

  it("refuses an expired state (older than 10 minutes) and stores nothing", async () => {
    const admin = await fx.createUser("ADMIN");
    const conn = await pendingConnection(admin.userId);
    const { state } = await start(conn.id, admin.userId, Date.now() - AUTHORIZATION_TTL_MS - 1000);
    expect((await callback(admin, { state, code: "late-code" })).target).toBe("/connections?authorizationError=expired_state");
    expect(await storedState(conn.id)).toMatchObject(NOTHING_STORED);
  });

  it("refuses an unknown or missing state", async () => {
    const admin = await fx.createUser("OWNER");
    expect((await callback(admin, { state: "made-up", code: "x" })).target).toBe("/connections?authorizationError=unknown_state");
    expect((await callback(admin, { code: "x" })).target).toBe("/connections?authorizationError=missing_state");
  });

  it("turns Okta's consent_required into the actionable message and keeps the connection Pending with it", async () => {
    const admin = await fx.createUser("ADMIN");
    const conn = await pendingConnection(admin.userId);
    const { state, authorizationId } = await start(conn.id, admin.userId);
    await callback(admin, { state, error: "consent_required", error_description: "You are not allowed any of the requested scopes." });
    const outcome = await readAuthorizationOutcome(authorizationId, admin.userId);
    expect(outcome?.message).toMatch(/You are not allowed any of the requested scopes: .*Okta API Scopes tab/);
    const row = await db().connection.findUniqueOrThrow({ where: { id: conn.id } });
    expect(row).toMatchObject({ status: "PENDING", tokenSetEnc: null, statusReason: outcome?.message });
  });

  it("answers an unknown Okta error with a generic message and a reference id, never Okta's text", async () => {
    const admin = await fx.createUser("ADMIN");
    const conn = await pendingConnection(admin.userId);
    const { state, authorizationId } = await start(conn.id, admin.userId);
    await callback(admin, { state, error: "weird_error", error_description: "secret internals: client_secret=abc" });
    const outcome = await readAuthorizationOutcome(authorizationId, admin.userId);
    expect(outcome?.message).toMatch(/quote reference OKR-/);
    expect(JSON.stringify(outcome)).not.toContain("internals");
  });
});
