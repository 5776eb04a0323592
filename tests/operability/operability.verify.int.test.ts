// `npm run verify`'s operability suite: what an operator relies on, measured. Structured logs
// (every line JSON, no secret in any), the documented metric series, a grant revoked at the
// sandbox org noticed by the scheduled check within one interval (two instances, one run per
// interval), a pg_dump backup restored and served with the same key, and a database from the first
// release migrated to this one with every row intact. SIGTERM under load needs the built app: it is
// e2e/operability.verify.spec.ts, reporting to the same suite.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createThrowawayDatabase, type ThrowawayDatabase } from "@/lib/database/throwaway";
import { migrate } from "@/lib/database/migrate";
import { getAccessToken } from "@/lib/connections/access-token";
import { encryptClientSecret, encryptTokenSet } from "@/lib/connections/secrets";
import { loadDecryptedConnection, tokenSetFromResponse } from "@/lib/connections";
import { createKeyring, lifecycleDeps, newKey, prismaFor } from "@/lib/connections/testing/fixtures";
import type { HealthCheckDeps } from "@/lib/connections/health-check";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { startConnectionCheckScheduler, type ConnectionCheckScheduler } from "@/lib/jobs/connection-check";
import { createLogger, logger, replaceLogger } from "@/lib/observability/log";
import { withRequestContext } from "@/lib/observability/request-context";
import { startSandbox, type Sandbox } from "@/sandbox";
import { authorizeConnectorApp, refreshableConnection } from "@/tests/faults/support/sandbox-oauth";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { reportFigures } from "@/tests/verify/report";
import { documentedSeries, dumpAndRestore, dumpCompatibility, migrateTo, query } from "./support";

vi.mock("server-only", () => ({}));

const SCOPES = ["okta.realms.read", "okta.users.read"] as const;
const INTERVAL_MS = 4_000;
const METRICS_TOKEN = randomBytes(24).toString("hex");

const lines: string[] = [];
replaceLogger(createLogger({ format: "json", level: "debug", write: (line) => void lines.push(line) }));

const rows: [string, string][] = [];
const checks = { run: 0, passed: 0 };
const secrets = new Set<string>();
let leaks = 0;
/** A real access and refresh token, for the log lines that try to leak them. */
const sample = { access: "", refresh: "" };
const key = newKey();
const keyring = createKeyring(key);
let sb: Sandbox;
let db: PrismaClient;
const throwaways: ThrowawayDatabase[] = [];

function remember(...values: (string | undefined | null)[]): void {
  for (const v of values) if (v && v.length >= 8) secrets.add(v);
}

function figure(label: string, value: string, ok: boolean): void {
  rows.push([label, value]);
  checks.run += 1;
  if (ok) checks.passed += 1;
}

beforeAll(async () => {
  sb = await startSandbox({ mode: "test" });
  db = prismaFor(testDatabaseUrl(), 4);
  remember(key, METRICS_TOKEN, sb.seeded.connectorApp.clientSecret, sb.apiToken);
});

afterAll(async () => {
  reportFigures({ suite: "operability", counts: { leaks, operability_checks: checks.run, operability_passed: checks.passed }, rows });
  await db?.$disconnect();
  await sb?.stop();
  for (const t of throwaways) await t.drop().catch(() => undefined);
});

/** Whether Okta (the sandbox org) accepts the access token on its Management API. */
async function worksAtOkta(accessToken: string): Promise<boolean> {
  const res = await fetch(`${sb.url}/api/v1/realms?limit=1`, { headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" } });
  return res.status === 200;
}

const deps = (prisma: PrismaClient, ring = keyring): HealthCheckDeps => ({ ...lifecycleDeps(prisma, ring, { origin: sb.url }), domainRules: { devHttpOrigins: sb.url } });

async function rememberTokens(prisma: PrismaClient, id: string): Promise<void> {
  const conn = await loadDecryptedConnection({ db: prisma, keyring }, id);
  remember(conn?.tokenSet?.accessToken, conn?.tokenSet?.refreshToken, conn?.tokenSet?.idToken, conn?.clientSecret);
}

describe("operability", () => {
  it("notices a grant revoked at Okta within one check interval, with one run per interval across two instances", async () => {
    const { connectionId, tokens } = await refreshableConnection({ db, keyring }, sb, SCOPES, { expiresInMs: 60_000 });
    remember(tokens.access_token, tokens.refresh_token, tokens.id_token);
    sample.access = tokens.access_token;
    sample.refresh = tokens.refresh_token ?? "";
    const runs: number[] = [];
    const schedulers: ConnectionCheckScheduler[] = [];
    for (let i = 0; i < 2; i++) {
      schedulers.push(
        await startConnectionCheckScheduler({
          connectionString: testDatabaseUrl(),
          deps: deps(db),
          intervalMs: INTERVAL_MS,
          tickMs: 250,
          pollingIntervalSeconds: 0.5,
          // When the run started (a run of one interval may finish in the next).
          onRun: (run) => void runs.push(Date.now() - run.ms),
        }),
      );
    }
    try {
      const revokedAt = Date.now();
      const app = sb.seeded.connectorApp;
      const res = await fetch(`${sb.url}/oauth2/v1/revoke`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}` },
        body: new URLSearchParams({ token: tokens.refresh_token ?? "", token_type_hint: "refresh_token" }),
      });
      expect(res.status).toBe(200);
      let markedAt: number | undefined;
      while (Date.now() - revokedAt < 3 * INTERVAL_MS) {
        const row = await db.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { status: true } });
        if (row.status === "NEEDS_REAUTH") {
          markedAt = Date.now();
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const elapsed = markedAt === undefined ? Infinity : markedAt - revokedAt;
      // Let a few more intervals pass to count runs per interval.
      const windowStart = Date.now();
      await new Promise((r) => setTimeout(r, 2 * INTERVAL_MS));
      const windowEnd = Date.now();
      const perInterval = new Map<number, number>();
      for (const t of runs.filter((t) => t >= windowStart && t <= windowEnd)) perInterval.set(Math.floor(t / INTERVAL_MS), (perInterval.get(Math.floor(t / INTERVAL_MS)) ?? 0) + 1);
      const mostInOne = Math.max(0, ...perInterval.values());
      const touched = Math.floor(windowEnd / INTERVAL_MS) - Math.floor(windowStart / INTERVAL_MS) + 1;
      figure(
        "grant revoked at the sandbox → connection marked",
        `${(elapsed / 60_000).toFixed(3)} min (${(elapsed / 1000).toFixed(1)} s; interval ${INTERVAL_MS / 1000} s, target ≤ one interval)`,
        elapsed <= INTERVAL_MS + 1_000,
      );
      figure("scheduled check runs, 2 instances", `${perInterval.size} of ${touched} intervals ran, at most ${mostInOne} run in one (target 1)`, mostInOne === 1 && perInterval.size >= touched - 1);
      expect(elapsed).toBeLessThanOrEqual(INTERVAL_MS + 1_000);
      expect(mostInOne).toBe(1);
      expect(perInterval.size).toBeGreaterThanOrEqual(touched - 1);
    } finally {
      for (const s of schedulers) await s.stop();
    }
  }, 60_000);

  it("serves every documented metric series (and only with the bearer token)", async () => {
    process.env.DATABASE_URL = testDatabaseUrl();
    process.env.METRICS_TOKEN = METRICS_TOKEN;
    const { GET } = await import("@/app/api/metrics/route");
    const denied = await GET(new Request("http://localhost/api/metrics", { headers: { authorization: "Bearer wrong-token-wrong-token" } }));
    expect(denied.status).toBe(401);
    const res = await GET(new Request("http://localhost/api/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }));
    expect(res.status).toBe(200);
    const text = await res.text();
    const documented = documentedSeries();
    expect(documented.length).toBeGreaterThan(10);
    const missing = documented.filter((name) => !new RegExp(`^# TYPE ${name} `, "m").test(text));
    figure("metric series present of those documented", `${documented.length - missing.length}/${documented.length}${missing.length ? ` (missing: ${missing.join(", ")})` : ""}`, missing.length === 0);
    expect(missing).toEqual([]);
    for (const s of secrets) expect(text).not.toContain(s);
    expect(text).not.toContain(new URL(sb.url).host);
  });

  it("restores a pg_dump backup into a fresh database that, served with the same key, refreshes a token", async () => {
    const compatible = await dumpCompatibility(testDatabaseUrl());
    if (!compatible.ok) {
      figure("backup/restore round trip", `not run: ${compatible.reason}`, false);
      return;
    }
    const source = await createThrowawayDatabase(testDatabaseUrl(), "backup");
    const restored = await createThrowawayDatabase(testDatabaseUrl(), "restore");
    throwaways.push(source, restored);
    await migrate(source.url);
    const sourceDb = prismaFor(source.url, 2);
    const restoredDb = prismaFor(restored.url, 2);
    try {
      const { connectionId, tokens } = await refreshableConnection({ db: sourceDb, keyring }, sb, SCOPES);
      remember(tokens.access_token, tokens.refresh_token, tokens.id_token);
      await dumpAndRestore(source.url, restored.url);
      // A new instance: its own client on the restored database, the same ENCRYPTION_KEY.
      const token = await getAccessToken(deps(restoredDb, createKeyring(key)), connectionId, { forceRefresh: true });
      remember(token.accessToken);
      await rememberTokens(restoredDb, connectionId);
      const row = await restoredDb.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { status: true } });
      const ok = row.status === "HEALTHY" && token.accessToken !== tokens.access_token && (await worksAtOkta(token.accessToken));
      // Without the key the backup is useless: say so by trying.
      const wrongKey = await getAccessToken(deps(restoredDb, createKeyring(newKey())), connectionId, { forceRefresh: true }).then(
        () => "refreshed",
        () => "refused",
      );
      figure("backup/restore round trip", ok && wrongKey === "refused" ? "ok (pg_dump -Fc → pg_restore, same key: token refreshed; another key: refused)" : "FAILED", ok && wrongKey === "refused");
      expect(ok).toBe(true);
      expect(wrongKey).toBe("refused");
    } finally {
      await Promise.all([sourceDb.$disconnect(), restoredDb.$disconnect()]);
    }
  }, 60_000);

  it("upgrades a database built at the first migration, with rows in every table, keeping every row usable", async () => {
    const old = await createThrowawayDatabase(testDatabaseUrl(), "upgrade");
    throwaways.push(old);
    const [first] = await migrateTo(old.url, 1);
    const tables = (await query<{ table_name: string }>(old.url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1")).map((r) => r.table_name);
    const tokens = await authorizeConnectorApp(sb, SCOPES);
    remember(tokens.access_token, tokens.refresh_token, tokens.id_token);
    const connId = "c_upgrade_1";
    const tokenSet = tokenSetFromResponse(tokens, Date.now(), null);
    const app = sb.seeded.connectorApp;
    const now = new Date();
    const inserts: [string, unknown[]][] = [
      [`INSERT INTO "User" (id, name, email, "updatedAt") VALUES ('u1', 'Ada', 'ada@example.com', $1)`, [now]],
      [`INSERT INTO "Account" ("userId", type, provider, "providerAccountId", "updatedAt") VALUES ('u1', 'oidc', 'okta', 'sub-1', $1)`, [now]],
      [`INSERT INTO "Session" ("sessionToken", "userId", expires, "updatedAt") VALUES ('sess-upgrade-1', 'u1', $1, $1)`, [new Date(Date.now() + 3600_000)]],
      [`INSERT INTO "VerificationToken" (identifier, token, expires) VALUES ('ada@example.com', 'vt-1', $1)`, [now]],
      [`INSERT INTO "Membership" (id, "userId", role, "updatedAt") VALUES ('m1', 'u1', 'OWNER', $1)`, [now]],
      [`INSERT INTO "Invitation" (id, email, role, "invitedById") VALUES ('i1', 'bob@example.com', 'VIEWER', 'u1')`, []],
      [
        `INSERT INTO "Connection" (id, nickname, "oktaDomain", "clientId", "clientSecretEnc", "tokenSetEnc", "requestedScopes", "grantedScopes", status, "lastAuthorizedAt", "accessTokenExpiresAt", "createdById", "updatedAt")
         VALUES ($1, 'upgraded', $2, $3, $4, $5, $6, $6, 'HEALTHY', $7, $8, 'u1', $7)`,
        [connId, sb.url.replace(/^http:\/\//, ""), app.clientId, encryptClientSecret(keyring, connId, app.clientSecret), encryptTokenSet(keyring, connId, tokenSet), tokenSet.scope, now, tokenSet.expiresAt],
      ],
      [`INSERT INTO "AuditEvent" (id, action, "connectionId", outcome, details) VALUES ('a1', 'connection.create', $1, 'SUCCESS', '{"note":"before upgrade"}')`, [connId]],
    ];
    for (const [sql, params] of inserts) await query(old.url, sql, params);
    const snapshot = async () =>
      Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await query(old.url, `SELECT row_to_json(x)::text AS j FROM "${t}" x ORDER BY 1`)] as const)));
    const before = await snapshot();
    const empty = tables.filter((t) => (before[t] ?? []).length === 0);
    expect(empty).toEqual([]);

    const { applied } = await migrate(old.url);
    const after = await snapshot();
    // Every old column of every old row still holds what it held (new columns may be added).
    const changed: string[] = [];
    for (const t of tables) {
      const was = (before[t] ?? []).map((r) => JSON.parse(String((r as { j: string }).j)) as Record<string, unknown>);
      const now2 = (after[t] ?? []).map((r) => JSON.parse(String((r as { j: string }).j)) as Record<string, unknown>);
      was.forEach((row, i) => {
        for (const [col, value] of Object.entries(row)) if (JSON.stringify(now2[i]?.[col]) !== JSON.stringify(value)) changed.push(`${t}.${col}`);
      });
    }
    // Usable: the app's client reads every model, and the upgraded connection refreshes its token.
    const upgraded = prismaFor(old.url, 2);
    try {
      const counts = await Promise.all([upgraded.user.count(), upgraded.account.count(), upgraded.session.count(), upgraded.verificationToken.count(), upgraded.membership.count(), upgraded.invitation.count(), upgraded.connection.count(), upgraded.auditEvent.count()]);
      const token = await getAccessToken(deps(upgraded), connId, { forceRefresh: true });
      remember(token.accessToken);
      await rememberTokens(upgraded, connId);
      const ok = changed.length === 0 && counts.every((c) => c === 1) && (await worksAtOkta(token.accessToken));
      figure("upgrade path", ok ? `ok (${first} + ${tables.length} tables with rows → ${applied.length} migrations applied; rows intact, token refreshed)` : `FAILED (${changed.join(", ")})`, ok);
      expect(changed).toEqual([]);
      expect(ok).toBe(true);
    } finally {
      await upgraded.$disconnect();
    }
  }, 60_000);

  it("writes every log line as JSON with the request's reference id, and no secret in any", () => {
    // What the app logs around Okta calls, with the secret-bearing shapes a careless line would carry.
    const access = sample.access;
    const refresh = sample.refresh;
    expect(access.length).toBeGreaterThan(8);
    withRequestContext({ ref: "OKR-OPS01-TEST1" }, () => {
      logger("okta").warn(
        { request: { headers: { authorization: `Bearer ${access}`, cookie: `authjs.session-token=${refresh}` } }, link: `<${sb.url}/api/v1/users?after=${refresh}>; rel="next"`, tokens: { refresh_token: refresh } },
        `retrying ${sb.url}/api/v1/users?after=${refresh}`,
      );
      logger("guard").error({ err: new Error(`token endpoint answered {"refresh_token":"${refresh}"} to Bearer ${access}`) }, "an action failed");
    });
    expect(lines.length).toBeGreaterThan(5);
    let json = 0;
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (typeof entry.level === "number" && typeof entry.time === "number" && typeof entry.msg === "string") json += 1;
      } catch {
        // counted as not JSON
      }
    }
    const leaking = lines.filter((line) => [...secrets].some((s) => line.includes(s)));
    leaks += leaking.length;
    const withRef = lines.filter((l) => l.includes('"ref":"OKR-OPS01-TEST1"')).length;
    figure("log lines that are valid JSON", `${json}/${lines.length} (${((100 * json) / lines.length).toFixed(0)}%)`, json === lines.length);
    figure("secrets found in logs", `${leaking.length} (${secrets.size} secrets looked for in ${lines.length} lines)`, leaking.length === 0);
    expect(json).toBe(lines.length);
    expect(leaking.map((l) => l.slice(0, 200))).toEqual([]);
    expect(withRef).toBe(2);
  });
});
