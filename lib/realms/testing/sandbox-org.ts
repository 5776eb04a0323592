// Test support: a sandbox Okta org in process, connections to it stored the app's way (encrypted,
// HEALTHY, granted scopes from the token), and an SSWS helper to seed and inspect the org as an
// Okta admin would (not through the code under test).
import { randomBytes } from "node:crypto";
import { createConnection, storeAuthorization, type ConnectionDeps } from "@/lib/connections";
import { startSandbox, type Sandbox } from "@/sandbox";

export const ALL_REALM_SCOPES = [
  "okta.realms.read",
  "okta.realms.manage",
  "okta.users.read",
  "okta.users.manage",
  "okta.schemas.read",
  "okta.realmAssignments.read",
  "okta.realmAssignments.manage",
] as const;

export function startTestOrg(): Promise<Sandbox> {
  return startSandbox({ mode: "test" });
}

/**
 * A connection whose token carries exactly `scopes`. The token is minted by the sandbox (the real
 * code flow is the e2e fixture's job); what the app stores is the same: HEALTHY, grantedScopes.
 * `ttlSeconds`: the token's lifetime, for suites that run longer than its default hour.
 */
export async function connectionWithScopes(deps: ConnectionDeps, sb: Sandbox, scopes: readonly string[], nickname = `realms-${randomBytes(4).toString("hex")}`, ttlSeconds = 3600): Promise<string> {
  const app = sb.seeded.connectorApp;
  const created = await createConnection(deps, {
    nickname,
    oktaDomain: sb.url.replace(/^http:\/\//, ""),
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    requestedScopes: ["openid", "offline_access", ...scopes],
    createdById: null,
  });
  const accessToken = sb.control.mintAccessToken({ scopes: [...scopes], ttlSeconds });
  await storeAuthorization(deps, created.id, {
    tokenSet: { accessToken, tokenType: "Bearer", expiresAt: new Date(Date.now() + ttlSeconds * 1000), scope: [...scopes] },
    authorizedSub: sb.seeded.admin.id,
    authorizedLogin: sb.seeded.admin.login,
    actor: null,
  });
  return created.id;
}

/** Calls the org's Management API with the super-admin API token. */
export async function ssws<T = unknown>(sb: Sandbox, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers: { Authorization: `SSWS ${sb.apiToken}`, Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export type SeedRealm = { id: string; profile: { name: string; realmType?: string; domains?: string[] } };

export async function seedRealm(sb: Sandbox, profile: SeedRealm["profile"]): Promise<SeedRealm> {
  const res = await ssws<SeedRealm>(sb, "POST", "/api/v1/realms", { profile });
  if (res.status !== 200) throw new Error(`seeding realm failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function seedUser(sb: Sandbox, profile: Record<string, string>, realmId?: string): Promise<{ id: string }> {
  const res = await ssws<{ id: string }>(sb, "POST", "/api/v1/users?activate=false", { profile, ...(realmId ? { realmId } : {}) });
  if (res.status !== 200) throw new Error(`seeding user failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Requests the sandbox has answered so far, summed over endpoints (SSWS seeding included). */
export function managementRequests(sb: Sandbox): number {
  return Object.entries(sb.control.counters().requests)
    .filter(([endpoint]) => endpoint.includes("/api/v1/"))
    .reduce((sum, [, n]) => sum + n, 0);
}

export const unique = (label: string) => `${label}-${randomBytes(3).toString("hex")}`;
