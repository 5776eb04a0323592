// The hostile-input suite's world: a sandbox Okta org of its own (so generated realms and users land
// nowhere else), a connection to it whose access token we know (to look for it in answers), an owner
// who calls everything, and the checks every answer goes through. Import this module before
// anything reads env(): it adds the org's http origin to DEV_OKTA_HTTP_ORIGINS.
import { afterAll } from "vitest";
import type { Sandbox } from "@/sandbox";

const { startSandbox } = await import("@/sandbox");
const fx = await import("../support/team-fixtures"); // test AUTH_SECRET / ENCRYPTION_KEY before env()

export const sb: Sandbox = await startSandbox({ mode: "test" });
process.env.DEV_OKTA_HTTP_ORIGINS = [process.env.DEV_OKTA_HTTP_ORIGINS, sb.url].filter(Boolean).join(",");
afterAll(() => sb.stop());

const { db } = await import("@/lib/db");
const { env } = await import("@/lib/env");
const { parseDevHttpOrigins } = await import("@/lib/okta/domain");
const { createConnection, loadDecryptedConnection } = await import("@/lib/connections");
const { connectionDeps } = await import("@/lib/connections/server");
if (!parseDevHttpOrigins(env().DEV_OKTA_HTTP_ORIGINS).includes(sb.url)) {
  throw new Error("tests/hostile/harness.ts was imported after env() was first read; import it first");
}

export { db, fx };
/** Connections that existed before this suite (it deletes the rest when it ends). */
export const connectionsAtStart = (await db().connection.findMany({ select: { id: true } })).map((c) => c.id);
export const orgHost = sb.url.replace(/^http:\/\//, "");

// ---------- the org's mutations (every store change, whatever the endpoint) ----------

let orgMutations = 0;
let settling = false;
sb.org.onChange(() => {
  if (!settling) orgMutations += 1;
});
// Realm-assignment runs complete on the sandbox's clock and are applied lazily by whichever request
// comes next: that is the org's own doing, not a write by the request that happened to trigger it.
const settle = sb.org.settleOperations.bind(sb.org);
sb.org.settleOperations = () => {
  settling = true;
  try {
    settle();
  } finally {
    settling = false;
  }
};
export const orgMutationCount = () => orgMutations;

// ---------- a connection with every scope the actions need ----------

// Every scope the actions need (the same list the realm tests use).
const { ALL_REALM_SCOPES, connectionWithScopes } = await import("@/lib/realms/testing/sandbox-org");

/** Secrets that must never appear in an answer (filled as they are created). */
export const SECRETS: string[] = [
  sb.apiToken,
  sb.seeded.connectorApp.clientSecret,
  sb.seeded.signInApp.clientSecret,
  sb.seeded.admin.password,
  env().ENCRYPTION_KEY ?? "",
  env().AUTH_SECRET ?? "",
].filter((s) => s.length >= 8);

/**
 * A HEALTHY connection with every scope the actions need, its token minted for 6 h (well past the
 * suite's run). Its access token and stored client-secret envelope join SECRETS.
 */
export async function connectionToOrg(nickname: string): Promise<string> {
  const id = await connectionWithScopes(connectionDeps(), sb, ALL_REALM_SCOPES, nickname, 6 * 3600);
  const accessToken = (await loadDecryptedConnection(connectionDeps(), id))?.tokenSet?.accessToken;
  if (!accessToken) throw new Error("the connection to the org stored no access token");
  SECRETS.push(accessToken);
  const stored = await db().connection.findUniqueOrThrow({ where: { id }, select: { clientSecretEnc: true } });
  SECRETS.push(stored.clientSecretEnc);
  return id;
}

/** A Pending connection (never authorized), straight through lib/connections. */
export async function pendingConnection(nickname: string): Promise<{ id: string; nickname: string }> {
  const app = sb.seeded.connectorApp;
  const c = await createConnection(connectionDeps(), {
    nickname,
    oktaDomain: orgHost,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    requestedScopes: ["openid", "okta.realms.read"],
    createdById: null,
  });
  return { id: c.id, nickname };
}

// ---------- no partial writes: a fingerprint of every business table ----------

/**
 * Everything a refused call must leave as it was: people, sessions, invitations, connections and
 * their authorizations, bulk jobs and items. Not the audit log (refusals are audited), not the
 * rate governor's bookkeeping (a refused Okta call still spent budget). Per table: the row count and
 * a sum over each row version's (xmin, ctid) — any insert, update or delete changes one of them,
 * without hashing row contents (the suite takes two snapshots per generated input).
 */
const TABLES = ["User", "Account", "Session", "Membership", "Invitation", "Connection", "ConnectionAuthorization", "BulkMoveJob", "BulkMoveItem"];
const SNAPSHOT_SQL = `SELECT ${TABLES.map(
  (t) => `(SELECT count(*) || ':' || coalesce(sum(hashtext(t.xmin::text || t.ctid::text)::bigint), 0) FROM "${t}" t) AS "${t}"`,
).join(", ")}`;

export type Snapshot = { tables: Record<string, string>; org: number };

export async function snapshot(): Promise<Snapshot> {
  const rows = await db().$queryRawUnsafe<Record<string, string>[]>(SNAPSHOT_SQL);
  return { tables: rows[0] ?? {}, org: orgMutations };
}

/** The tables (and the org) a refused call changed. */
export function changedBetween(before: Snapshot, after: Snapshot): string[] {
  const out = TABLES.filter((t) => before.tables[t] !== after.tables[t]);
  if (before.org !== after.org) out.push(`sandbox org (${after.org - before.org} mutations)`);
  return out;
}

// ---------- what every answer must look like ----------

/**
 * Messages an Okta admin can act on: not empty, no stack traces, no internals, no "[object Object]".
 * (zod's own "Invalid input: expected string, received undefined" passes: it names the field's problem.)
 */
export function messageProblem(message: unknown): string | undefined {
  if (typeof message !== "string" || message.trim() === "") return "no message";
  if (/\[object |^\s*(Type|Range|Syntax|URI)Error\b|\n\s+at |Invalid `|prisma|PrismaClient|ECONNREFUSED|violates .* constraint/i.test(message)) {
    return `message shows internals: ${message.slice(0, 200)}`;
  }
  return undefined;
}

export function leakedSecrets(text: string, extra: readonly string[] = []): string[] {
  return [...SECRETS, ...extra.filter((s) => s.length >= 12)].filter((s) => text.includes(s)).map((s) => `${s.slice(0, 4)}…(${s.length} chars)`);
}
