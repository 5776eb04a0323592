import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { createKeyring } from "@/lib/crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { accessTokenProvider, getAccessToken, withAccessToken, type TokenLifecycleDeps } from "./access-token";
import { ConnectionError } from "./errors";
import { loadDecryptedConnection, storeAuthorization } from "./repository";
import { createOpenIdRefresher, tokenSetFromResponse } from "./token-endpoint";
import { authorizedConnection, lifecycleDeps, newKey, prismaFor } from "./testing/fixtures";
import { startTokenServer, type TokenServer } from "./testing/token-server";

const CLIENT = { clientId: "0oa-lifecycle", clientSecret: `cs-${randomBytes(8).toString("hex")}` };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectionError) return error.code;
    throw error;
  }
  return "OK";
}

describe("access token lifecycle against a real token endpoint", () => {
  let db: PrismaClient;
  const keyring = createKeyring(newKey());
  let server: TokenServer;
  let deps: TokenLifecycleDeps;

  const statusEvents = (connectionId: string) =>
    db.auditEvent.findMany({ where: { connectionId, action: "connection.status_changed" }, orderBy: { at: "asc" }, select: { details: true, outcome: true } });
  const row = (id: string) => loadDecryptedConnection({ db, keyring }, id);

  beforeAll(() => {
    db = prismaFor(testDatabaseUrl());
  });
  beforeEach(async () => {
    await server?.close();
    server = await startTokenServer({ ...CLIENT, rotation: "ROTATE" });
    deps = lifecycleDeps(db, keyring, server);
  });
  afterAll(async () => {
    await server.close();
    await db.$disconnect();
  });

  it("uses a fresh token without calling Okta, and refreshes ahead of expiry", async () => {
    const { id, initial } = await authorizedConnection({ db, keyring }, server, { ...CLIENT, expiresInMs: 30 * 60_000 });
    expect((await getAccessToken(deps, id)).accessToken).toBe(initial.access_token);
    expect(server.tokenRequests).toBe(0);

    const soon = await authorizedConnection({ db, keyring }, server, { ...CLIENT, expiresInMs: 2 * 60_000 }); // inside the 5-min skew
    const token = await getAccessToken(deps, soon.id);
    expect(server.tokenRequests).toBe(1);
    expect(token.accessToken).toBe(server.lastAccessToken);
    expect(token.accessToken).not.toBe(soon.initial.access_token);
    expect((await row(soon.id))?.tokenSet?.refreshToken).toBe(server.currentRefreshToken);
  });

  it("a refresh answer without refresh_token keeps the stored refresh token", async () => {
    await server.close();
    server = await startTokenServer({ ...CLIENT, rotation: "STATIC" });
    deps = lifecycleDeps(db, keyring, server);
    const { id, initial } = await authorizedConnection({ db, keyring }, server, CLIENT);
    await getAccessToken(deps, id);
    const stored = await row(id);
    expect(stored?.tokenSet?.refreshToken).toBe(initial.refresh_token);
    expect(stored?.tokenSet?.accessToken).toBe(server.lastAccessToken);
    // …and it still works for the next refresh.
    await getAccessToken(deps, id, { forceRefresh: true });
    expect(server.tokenRequests).toBe(2);
    expect(server.invalidGrants).toBe(0);
  });

  it("invalid_grant after a sibling already refreshed does not mark the connection NEEDS_REAUTH", async () => {
    await server.close();
    server = await startTokenServer({ ...CLIENT, rotation: "ROTATE", reuseDetection: false });
    const real = createOpenIdRefresher({ devHttpOrigins: [server.origin], timeoutSeconds: 2 });
    const { id } = await authorizedConnection({ db, keyring }, server, CLIENT);
    let siblingToken = "";
    // The sibling (another app instance that ignored the lease, or a reauthorization) spends the
    // refresh token and stores its result while our call is in flight; ours then gets invalid_grant.
    const sibling: TokenLifecycleDeps = {
      ...deps,
      refreshTokens: async (request) => {
        const theirs = await real(request);
        siblingToken = theirs.access_token;
        await storeAuthorization({ db, keyring }, id, { tokenSet: tokenSetFromResponse(theirs, Date.now(), null), authorizedSub: "00u1", authorizedLogin: "admin@example.com", actor: null });
        return real(request);
      },
    };
    const token = await getAccessToken(sibling, id);
    expect(server.invalidGrants).toBe(1);
    expect(token.accessToken).toBe(siblingToken);
    const after = await row(id);
    expect(after?.status).toBe("HEALTHY");
    expect((await statusEvents(id)).map((e) => (e.details as { to: string }).to)).not.toContain("NEEDS_REAUTH");
  });

  it("invalid_grant for real marks NEEDS_REAUTH with a clear reason, audits it, and stops calling Okta", async () => {
    const { id } = await authorizedConnection({ db, keyring }, server, CLIENT);
    server.revokeAll();
    expect(await codeOf(getAccessToken(deps, id))).toBe("NEEDS_REAUTH");
    const after = await row(id);
    expect(after?.status).toBe("NEEDS_REAUTH");
    expect(after?.statusReason).toMatch(/invalid_grant.*Reauthorize the connection/);
    expect(after?.refreshLeaseOwner).toBeNull();
    const events = await statusEvents(id);
    expect(events.at(-1)).toMatchObject({ outcome: "FAILURE", details: { from: "HEALTHY", to: "NEEDS_REAUTH" } });

    const requests = server.tokenRequests;
    expect(await codeOf(getAccessToken(deps, id))).toBe("NEEDS_REAUTH");
    expect(server.tokenRequests).toBe(requests);

    // Reauthorizing brings it back.
    await storeAuthorization({ db, keyring }, id, { tokenSet: tokenSetFromResponse(server.issueInitial(), Date.now(), null), authorizedSub: "00u1", authorizedLogin: "admin@example.com", actor: { id: null, email: "admin@example.com" } });
    expect((await getAccessToken(deps, id)).accessToken).toBe(server.lastAccessToken);
    expect((await statusEvents(id)).at(-1)).toMatchObject({ outcome: "SUCCESS", details: { from: "NEEDS_REAUTH", to: "HEALTHY" } });
  });

  it("a 5xx marks DEGRADED (not dead), and the next success marks HEALTHY; both are audited", async () => {
    const { id } = await authorizedConnection({ db, keyring }, server, CLIENT);
    server.failNext({ status: 503, body: { error: "temporarily_unavailable", error_description: "Service unavailable" } });
    expect(await codeOf(getAccessToken(deps, id))).toBe("REFRESH_FAILED");
    const degraded = await row(id);
    expect(degraded?.status).toBe("DEGRADED");
    expect(degraded?.statusReason).toMatch(/HTTP 503.*retried on next use/);
    expect(degraded?.refreshLeaseOwner).toBeNull();

    const token = await getAccessToken(deps, id);
    expect(token.accessToken).toBe(server.lastAccessToken);
    expect((await row(id))?.status).toBe("HEALTHY");
    const transitions = (await statusEvents(id)).map((e) => e.details as { from: string; to: string });
    expect(transitions.slice(-2)).toEqual([
      expect.objectContaining({ from: "HEALTHY", to: "DEGRADED" }),
      expect.objectContaining({ from: "DEGRADED", to: "HEALTHY" }),
    ]);
  });

  it("a timeout marks DEGRADED; a refresh ahead of expiry that fails keeps serving the still-valid token", async () => {
    const { id } = await authorizedConnection({ db, keyring }, server, CLIENT);
    server.setDelay(1500);
    const impatient = { ...deps, refreshTokens: createOpenIdRefresher({ devHttpOrigins: [server.origin], timeoutSeconds: 1 }) };
    expect(await codeOf(getAccessToken(impatient, id))).toBe("REFRESH_FAILED");
    expect((await row(id))?.status).toBe("DEGRADED");
    expect((await row(id))?.statusReason).toMatch(/did not answer in time|Could not reach Okta/);

    server.setDelay(0);
    const early = await authorizedConnection({ db, keyring }, server, { ...CLIENT, expiresInMs: 60_000 });
    server.failNext({ status: 500, body: { error: "server_error" } });
    expect((await getAccessToken(deps, early.id)).accessToken).toBe(early.initial.access_token);
    expect((await row(early.id))?.status).toBe("DEGRADED");
  });

  it("a 401 from the API refreshes once and retries with the new token; a burst of 401s costs one refresh", async () => {
    const { id, initial } = await authorizedConnection({ db, keyring }, server, { ...CLIENT, expiresInMs: 30 * 60_000 });
    const seen: string[] = [];
    const api = async (token: string) => {
      seen.push(token);
      return new Response(null, { status: token === initial.access_token ? 401 : 200 });
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => withAccessToken(deps, id, api)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(server.tokenRequests).toBe(1);
    expect(seen.filter((t) => t === server.lastAccessToken)).toHaveLength(5);

    // lib/okta's transport shape: forceRefresh after a 401 is skipped if someone already replaced the token.
    const provider = accessTokenProvider(deps, id);
    const current = await provider();
    expect(current).toBe(server.lastAccessToken);
    await provider({ forceRefresh: true });
    expect(server.tokenRequests).toBe(2);
  });

  it("reports PENDING and unknown connections with typed errors", async () => {
    const { createConnection } = await import("./repository");
    const pending = await createConnection({ db, keyring }, { nickname: `p-${randomBytes(4).toString("hex")}`, oktaDomain: "acme.okta.com", clientId: "x", clientSecret: "y", requestedScopes: [], createdById: null });
    expect(await codeOf(getAccessToken(deps, pending.id))).toBe("NOT_AUTHORIZED");
    expect(await codeOf(getAccessToken(deps, "c-does-not-exist"))).toBe("NOT_FOUND");
  });
});
