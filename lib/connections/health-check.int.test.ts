// The scheduled health check against the sandbox org: a grant revoked at Okta turns the connection
// to NEEDS_REAUTH without anyone using it; scopes Okta stops granting show up as scope drift, with
// the scopes and operations named and an audit line; a refresh token near its 90-day end is
// warned about once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { refreshableConnection } from "@/tests/faults/support/sandbox-oauth";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { startSandbox, type Sandbox } from "@/sandbox";
import { checkConnection, type HealthCheckDeps } from "./health-check";
import { createKeyring, lifecycleDeps, newKey, prismaFor } from "./testing/fixtures";

const SCOPES = ["okta.realms.read", "okta.users.read"] as const;
let sb: Sandbox;
let db: PrismaClient;
let deps: HealthCheckDeps;
const keyring = createKeyring(newKey());

async function revokeAtOkta(refreshToken: string): Promise<void> {
  const app = sb.seeded.connectorApp;
  const res = await fetch(`${sb.url}/oauth2/v1/revoke`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}` },
    body: new URLSearchParams({ token: refreshToken, token_type_hint: "refresh_token" }),
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  sb = await startSandbox({ mode: "test" });
  db = prismaFor(testDatabaseUrl(), 3);
  deps = { ...lifecycleDeps(db, keyring, { origin: sb.url }), domainRules: { devHttpOrigins: sb.url } };
});

afterAll(async () => {
  await db?.$disconnect();
  await sb?.stop();
});

const stored = (id: string) => db.connection.findUniqueOrThrow({ where: { id }, select: { status: true, statusReason: true, lostScopes: true, grantedScopes: true, lastCheckedAt: true } });

describe("scheduled connection health check", () => {
  it("leaves a working connection HEALTHY, records when it looked, and costs one Management API request", async () => {
    const { connectionId } = await refreshableConnection({ db, keyring }, sb, SCOPES);
    const before = sb.control.counters();
    const check = await checkConnection(deps, connectionId);
    const after = sb.control.counters();
    expect(check).toMatchObject({ result: "healthy", status: "HEALTHY", expiringSoon: false });
    const apiRequests = Object.values(after.requests).reduce((a, b) => a + b, 0) - Object.values(before.requests).reduce((a, b) => a + b, 0);
    expect(apiRequests).toBe(1);
    expect((after.authorizationServer?.refreshes ?? 0) - (before.authorizationServer?.refreshes ?? 0)).toBe(0);
    expect((await stored(connectionId)).lastCheckedAt).not.toBeNull();
  });

  it("turns a connection whose grant was revoked at Okta to NEEDS_REAUTH before anyone uses it", async () => {
    // Access token due for refresh (inside the 5-minute skew): the check refreshes, Okta says invalid_grant.
    const { connectionId, tokens } = await refreshableConnection({ db, keyring }, sb, SCOPES, { expiresInMs: 60_000 });
    await revokeAtOkta(tokens.refresh_token ?? "");
    const check = await checkConnection(deps, connectionId);
    expect(check.result).toBe("needs_reauth");
    const row = await stored(connectionId);
    expect(row.status).toBe("NEEDS_REAUTH");
    expect(row.statusReason).toMatch(/Reauthorize/);
    // Already marked: the next run leaves it for a person and calls nobody.
    const before = sb.control.counters();
    expect((await checkConnection(deps, connectionId)).result).toBe("skipped");
    expect(sb.control.counters().requests).toEqual(before.requests);
  });

  it("marks scope drift when a refresh returns fewer scopes: the scopes, the operations affected, one audit line", async () => {
    const { connectionId } = await refreshableConnection({ db, keyring }, sb, SCOPES, { expiresInMs: 0 });
    const app = sb.seeded.connectorApp;
    sb.control.revokeScopes(app.clientId, ["okta.users.read"]);
    try {
      const check = await checkConnection(deps, connectionId);
      expect(check.result).toBe("healthy"); // realms still work
      const row = await stored(connectionId);
      expect(row.lostScopes).toEqual(["okta.users.read"]);
      expect(row.grantedScopes).not.toContain("okta.users.read");
      expect(row.status).toBe("DEGRADED");
      expect(row.statusReason).toContain("okta.users.read");
      expect(row.statusReason).toMatch(/Affected: .*listUsers/);
      const events = await db.auditEvent.findMany({ where: { connectionId, action: "connection.scope_drift" } });
      expect(events).toHaveLength(1);
      expect(events[0]?.details).toMatchObject({ lostScopes: ["okta.users.read"], affectedOperations: expect.arrayContaining(["listUsers"]) });
      // A second check does not clear the mark (only a reauthorization does) and audits nothing new.
      await checkConnection(deps, connectionId);
      expect((await stored(connectionId)).status).toBe("DEGRADED");
      expect(await db.auditEvent.count({ where: { connectionId, action: "connection.scope_drift" } })).toBe(1);
    } finally {
      sb.control.grantScopes(app.clientId, ["okta.users.read"]);
    }
  });

  it("warns once when the refresh token nears the org authorization server's 90-day lifetime", async () => {
    const { connectionId } = await refreshableConnection({ db, keyring }, sb, SCOPES);
    await db.connection.update({ where: { id: connectionId }, data: { lastAuthorizedAt: new Date(Date.now() - 80 * 24 * 3600 * 1000) } });
    const first = await checkConnection(deps, connectionId);
    expect(first.expiringSoon).toBe(true);
    expect(first.refreshTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 9 * 24 * 3600 * 1000);
    await checkConnection(deps, connectionId);
    const warnings = await db.auditEvent.findMany({ where: { connectionId, action: "connection.refresh_token_expiring" } });
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0]?.details)).toMatch(/reauthorize the connection before/);
    // Unknown policy: no warning.
    const unknown = await checkConnection({ ...deps, refreshTokenLifetimeMs: null }, connectionId);
    expect(unknown.expiringSoon).toBeUndefined();
  });
});
