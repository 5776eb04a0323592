// The app killed (SIGKILL) during a token refresh, against the sandbox org's authorization server
// with refresh-token rotation (ROTATE). A child process takes the refresh lease and calls the token
// endpoint; it dies with the request in flight, or after Okta rotated the refresh token but before
// the new one was saved. Then another process uses the connection.
//
// What holds, and why: the stored refresh token is the one the dead process sent. Okta (like the
// sandbox) keeps a rotated refresh token valid for the app's "grace period" (leeway, 0–60 s; the
// Okta Workflows app uses 30 s), so within it the next process refreshes with the stored token and
// the connection keeps working (HEALTHY). With leeway 0, Okta treats that second use as token reuse
// and revokes the family: the connection lands in NEEDS_REAUTH with the reason and the fix, never in
// a silent failure. Either way the dead process's lease expires by itself: nothing stays locked.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { ConnectionError } from "@/lib/connections";
import { getAccessToken } from "@/lib/connections/access-token";
import { createKeyring, lifecycleDeps, newKey, prismaFor } from "@/lib/connections/testing/fixtures";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { startSandbox, type Sandbox } from "@/sandbox";
import { faultTally } from "./support/tally";
import { refreshableConnection } from "./support/sandbox-oauth";
import { sleep, waitUntil } from "./support/wait";

const SCOPES = ["okta.realms.read", "okta.users.read"] as const;
const TOKEN_ENDPOINT = "POST /oauth2/v1/token";
/** The dead process's lease; the app's default is 30 s, shortened so the suite stays quick. */
const LEASE_MS = 3_000;

const tally = faultTally();
const key = newKey();
const keyring = createKeyring(key);
let sb: Sandbox;
let parentDb: PrismaClient; // setting up and inspecting
let nextProcessDb: PrismaClient; // "the next process": its own client, nothing shared in memory

const counters = () => sb.control.counters();
const refreshes = () => counters().authorizationServer?.refreshes ?? 0;

beforeAll(async () => {
  sb = await startSandbox({ mode: "test" });
  parentDb = prismaFor(testDatabaseUrl(), 2);
  nextProcessDb = prismaFor(testDatabaseUrl(), 2);
});

afterAll(async () => {
  tally.report();
  await Promise.all([parentDb?.$disconnect(), nextProcessDb?.$disconnect()]);
  await sb?.stop();
});

type KillPoint = "request in flight" | "rotated, not saved";

/**
 * Starts the refresh in a child and SIGKILLs it at `point`. For "rotated, not saved" the parent holds
 * the connection's row lock while Okta answers, so the child has the rotated tokens in hand and is
 * blocked on saving them when it dies.
 */
async function killDuringRefresh(connectionId: string, point: KillPoint): Promise<{ rotatedByOkta: boolean }> {
  const requestsBefore = counters().requests[TOKEN_ENDPOINT] ?? 0;
  const refreshesBefore = refreshes();
  // The refresh stays on the wire long enough to kill the process during it.
  sb.control.addFault({ method: "POST", pathPrefix: "/oauth2/v1/token", latencyMs: 600 });
  // Node itself with tsx as a loader: the tsx CLI would run the script in a grandchild that a
  // SIGKILL of the CLI leaves running.
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/faults/support/refresh-child.ts")], {
    env: { ...process.env, DATABASE_URL: testDatabaseUrl(), FAULTS_KEY: key, FAULTS_ORIGIN: sb.url, FAULTS_CONNECTION_ID: connectionId, FAULTS_LEASE_MS: String(LEASE_MS) },
    stdio: "pipe",
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on("line", (line) => lines.push(line));
  const lock = new pg.Client({ connectionString: testDatabaseUrl() });
  await lock.connect();
  try {
    await waitUntil(() => lines.includes("STARTED") || child.exitCode !== null, 30_000, "timed out waiting until the child started", 5);
    if (child.exitCode !== null) throw new Error(`refresh child died on its own: ${stderr}`);
    await waitUntil(() => (counters().requests[TOKEN_ENDPOINT] ?? 0) > requestsBefore, 10_000, "timed out waiting until the refresh reached the token endpoint", 5);
    if (point === "rotated, not saved") {
      await lock.query("BEGIN");
      await lock.query(`SELECT 1 FROM "Connection" WHERE "id" = $1 FOR UPDATE`, [connectionId]);
      await waitUntil(() => refreshes() > refreshesBefore, 5_000, "timed out waiting until Okta rotated the refresh token", 5);
      await sleep(200); // the answer reaches the child, which now waits for the row
    }
    // Had it saved, it would have printed its result.
    expect(lines.filter((l) => l.startsWith("{"))).toEqual([]);
    child.kill("SIGKILL");
    await exited;
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    await lock.query("ROLLBACK").catch(() => undefined);
    await lock.end();
    sb.control.clearFaults();
  }
  // A request already on the wire may still be handled by Okta after its client died.
  await sleep(800);
  return { rotatedByOkta: refreshes() > refreshesBefore };
}

/** What the next process gets, and how long it took (bounded by the dead process's lease). */
async function nextProcessUses(connectionId: string) {
  const started = Date.now();
  try {
    const token = await getAccessToken(lifecycleDeps(nextProcessDb, keyring, { origin: sb.url }, { leaseMs: LEASE_MS }), connectionId);
    return { ok: true as const, token, ms: Date.now() - started };
  } catch (error) {
    return { ok: false as const, error, ms: Date.now() - started };
  }
}

const stored = (id: string) =>
  parentDb.connection.findUniqueOrThrow({ where: { id }, select: { status: true, statusReason: true, refreshLeaseOwner: true, version: true } });

describe("killed during a token refresh, refresh tokens rotated with a 30 s grace period", () => {
  for (const point of ["request in flight", "rotated, not saved"] as const) {
    it(
      `${point}: the next process refreshes with the stored token and the connection keeps working`,
      tally.scenario(`refresh killed (${point}), leeway 30`, async () => {
        sb.control.setRefreshRotation(sb.seeded.connectorApp.clientId, "ROTATE", 30);
        const { connectionId, tokens } = await refreshableConnection({ db: parentDb, keyring }, sb, SCOPES, { expiresInMs: -1_000 });
        const before = await stored(connectionId);

        const { rotatedByOkta } = await killDuringRefresh(connectionId, point);
        if (point === "rotated, not saved") expect(rotatedByOkta).toBe(true);
        // The dead process saved nothing; its lease is still on the row until it lapses.
        expect(await stored(connectionId)).toMatchObject({ version: before.version, status: "HEALTHY", refreshLeaseOwner: expect.any(String) });

        const next = await nextProcessUses(connectionId);
        if (!next.ok) throw next.error;
        expect(next.token.accessToken).not.toBe(tokens.access_token);
        expect(next.ms).toBeLessThan(LEASE_MS + 5_000);
        expect(await stored(connectionId)).toMatchObject({ status: "HEALTHY", refreshLeaseOwner: null, version: before.version + 1 });
        // The saved refresh token is live: one more refresh works.
        const again = await getAccessToken(lifecycleDeps(nextProcessDb, keyring, { origin: sb.url }), connectionId, { forceRefresh: true });
        expect(again.accessToken).not.toBe(next.token.accessToken);
        expect(counters().authorizationServer?.reuseDetected ?? 0).toBe(0);
      }),
    );
  }
});

describe("killed during a token refresh, refresh tokens rotated without a grace period", () => {
  it(
    "rotated, not saved: Okta refuses the stored token as reused, and the connection says to reauthorize (NEEDS_REAUTH, audited)",
    tally.scenario("refresh killed (rotated, not saved), leeway 0", async () => {
      sb.control.setRefreshRotation(sb.seeded.connectorApp.clientId, "ROTATE", 0);
      const { connectionId } = await refreshableConnection({ db: parentDb, keyring }, sb, SCOPES, { expiresInMs: -1_000 });
      const reuseBefore = counters().authorizationServer?.reuseDetected ?? 0;

      expect((await killDuringRefresh(connectionId, "rotated, not saved")).rotatedByOkta).toBe(true);

      const next = await nextProcessUses(connectionId);
      expect(next.ok).toBe(false);
      if (next.ok) return;
      expect(next.error).toBeInstanceOf(ConnectionError);
      expect(next.error).toMatchObject({ code: "NEEDS_REAUTH", message: expect.stringMatching(/Okta rejected the refresh token.*invalid_grant.*Reauthorize the connection/) });
      expect(next.ms).toBeLessThan(LEASE_MS + 5_000);
      expect(counters().authorizationServer?.reuseDetected ?? 0).toBe(reuseBefore + 1);
      const row = await stored(connectionId);
      expect(row).toMatchObject({ status: "NEEDS_REAUTH", refreshLeaseOwner: null });
      expect(row.statusReason).toMatch(/Reauthorize the connection/);
      const event = await parentDb.auditEvent.findFirst({ where: { action: "connection.status_changed", connectionId }, orderBy: { at: "desc" } });
      expect(event?.details).toMatchObject({ from: "HEALTHY", to: "NEEDS_REAUTH", automatic: true });
      // Said once, not retried against Okta: the next use is refused at once with the same reason.
      const refreshesNow = refreshes();
      await expect(getAccessToken(lifecycleDeps(nextProcessDb, keyring, { origin: sb.url }), connectionId)).rejects.toMatchObject({ code: "NEEDS_REAUTH" });
      expect(refreshes()).toBe(refreshesNow);
      sb.control.setRefreshRotation(sb.seeded.connectorApp.clientId, "ROTATE", 30);
    }),
  );
});
