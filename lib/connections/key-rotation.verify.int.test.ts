// Key rotation with live connections, against the sandbox Okta org (refresh tokens ROTATE with leeway 0
// and reuse detection, so one refresh token used twice kills its family). 50 connections hold real
// token families and 10 authorizations are pending (PKCE verifier, some with a replacement client
// secret), all under the old key. Three app "instances" (own Prisma pools, keyring = new key + old
// key retired) keep reading, force-refreshing and finishing pending flows while reencryptAllConnections
// runs. Then the old key is dropped (ENCRYPTION_RETIRED_KEYS empty) and everything must still be
// readable, no stored value may name the old key id, every pending flow must still be claimable, and
// every connection's refresh token must still work at Okta (none lost, none used twice).
import { randomBytes } from "node:crypto";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "@/sandbox";
import { codeFlow } from "@/sandbox/management/test-support/client";
import { createKeyring, keyringFromEnv, type Keyring } from "@/lib/crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { reportFigures } from "@/tests/verify/report";
import { getAccessToken, type TokenLifecycleDeps } from "./access-token";
import { AUTHORIZATION_TTL_MS, claimAuthorization, startAuthorization } from "./authorize/pending";
import { countEnvelopesByKey, reencryptAllConnections, type ReencryptReport } from "./reencrypt";
import { createConnection, loadDecryptedConnection, storeAuthorization } from "./repository";
import { newKey, prismaFor } from "./testing/fixtures";
import { createOpenIdRefresher, tokenSetFromResponse } from "./token-endpoint";

const N = 50;
const PENDING_LIVE = 8;
const PENDING_EXPIRED = 2;
const INSTANCES = 3;
const REFRESHERS_PER_INSTANCE = 3;
const CALLBACK = "/rotation/callback";

const sandbox = await startSandbox({ mode: "test" });
const redirectUri = `http://localhost${CALLBACK}`;
const app = sandbox.control.createApp({
  name: "Rotation",
  redirectUris: [redirectUri],
  grantedScopes: ["okta.realms.read"],
  rotationType: "ROTATE",
  leeway: 0,
  grantTypes: ["authorization_code", "refresh_token"],
});
const oktaDomain = new URL(sandbox.url).host;
/** Rotated refresh tokens presented a second time (NaN, failing the suite, if the AS doesn't count). */
const reuseDetected = () => sandbox.control.counters().authorizationServer?.reuseDetected ?? Number.NaN;

const oldKey = newKey();
const nextKey = newKey();
const oldRing = createKeyring(oldKey);
const rotatingRing = keyringFromEnv({ ENCRYPTION_KEY: nextKey, ENCRYPTION_RETIRED_KEYS: oldKey });
const finalRing = keyringFromEnv({ ENCRYPTION_KEY: nextKey, ENCRYPTION_RETIRED_KEYS: "" });

let db: PrismaClient;
const instances: PrismaClient[] = [];
const ids: string[] = [];
type Pending = { state: string; challenge: string; clientSecret: string | null; userId: string };
const livePending: Pending[] = [];
const expiredPendingIds: string[] = [];
const rows: [string, string][] = [];
const figures = { lost: 0, duplicates: 0 };

const lifecycle = (client: PrismaClient, keyring: Keyring): TokenLifecycleDeps => ({
  db: client,
  keyring,
  refreshTokens: createOpenIdRefresher({ devHttpOrigins: [sandbox.url], timeoutSeconds: 5 }),
});

/** One real sign-in at the sandbox: a fresh token family (code flow with PKCE, redeemed by hand). */
async function signInForTokens() {
  const { status, body } = await codeFlow(sandbox, "openid offline_access okta.realms.read", app, redirectUri);
  if (status < 200 || status > 299) throw new Error(`token exchange failed: HTTP ${status}`);
  return body as { access_token: string; token_type: string; expires_in: number; refresh_token: string; scope: string };
}

async function liveConnection(keyring: Keyring): Promise<string> {
  const deps = { db, keyring };
  const conn = await createConnection(deps, {
    nickname: `rotation-${randomBytes(4).toString("hex")}`,
    oktaDomain,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    requestedScopes: ["openid", "offline_access", "okta.realms.read"],
    createdById: null,
  });
  const tokens = await signInForTokens();
  expect(tokens.refresh_token).toBeTruthy();
  await storeAuthorization(deps, conn.id, { tokenSet: tokenSetFromResponse(tokens, Date.now(), null), authorizedSub: null, authorizedLogin: null, actor: null });
  return conn.id;
}

/** How many of the connections `keyring` decrypts (client secret and tokens). */
async function readable(client: PrismaClient, keyring: Keyring): Promise<number> {
  const results = await Promise.all(ids.map((id) => loadDecryptedConnection({ db: client, keyring }, id).then((c) => (c?.tokenSet?.refreshToken && c.clientSecret === app.clientSecret ? 1 : 0), () => 0)));
  return results.reduce<number>((a, b) => a + b, 0);
}

/** Stored values still naming `keyId` anywhere a secret is kept. */
async function rowsUnderKey(keyId: string): Promise<number> {
  const prefix = `v1.${keyId}.%`;
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT (SELECT count(*) FILTER (WHERE "clientSecretEnc" LIKE ${prefix}) + count(*) FILTER (WHERE "tokenSetEnc" LIKE ${prefix}) FROM "Connection")
         + (SELECT count(*) FILTER (WHERE "codeVerifierEnc" LIKE ${prefix}) + count(*) FILTER (WHERE "clientSecretEnc" LIKE ${prefix}) FROM "ConnectionAuthorization") AS n`;
  return Number(row?.n ?? -1);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function pool<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

beforeAll(async () => {
  db = prismaFor(testDatabaseUrl());
  for (let i = 0; i < INSTANCES; i++) instances.push(prismaFor(testDatabaseUrl(), 4));
  const t0 = Date.now();
  // Other files' rows are under other keys; this suite counts envelopes per key across the tables.
  await db.connection.deleteMany({});
  ids.push(...(await pool(N, 10, () => liveConnection(oldRing))));
  console.log(`[key rotation] ${N} connections signed in in ${Date.now() - t0} ms`);
  const user = await db.user.create({ data: { email: `rotation-${randomBytes(4).toString("hex")}@team.test` } });
  // Only builds the authorize URL (never visited here), so an https stand-in for the org will do.
  const config = new oidc.Configuration({ issuer: "https://rotation.okta.com", authorization_endpoint: "https://rotation.okta.com/oauth2/v1/authorize" }, app.clientId);
  const start = async (i: number, now?: number) => {
    const clientSecret = i % 2 === 0 ? `rotated-${randomBytes(8).toString("hex")}` : null;
    const started = await startAuthorization(
      { db, keyring: oldRing },
      { connectionId: ids[i] ?? "", userId: user.id, requestedScopes: ["openid", "okta.realms.read"], reauthorize: true, config, redirectUri, ...(clientSecret ? { clientSecret } : {}), ...(now ? { now } : {}) },
    );
    const url = new URL(started.authorizeUrl);
    return { id: started.authorizationId, pending: { state: url.searchParams.get("state") ?? "", challenge: url.searchParams.get("code_challenge") ?? "", clientSecret, userId: user.id } };
  };
  for (let i = 0; i < PENDING_LIVE; i++) livePending.push((await start(i)).pending);
  // Abandoned flows, well past their 10 minutes (started last: a start clears older expired rows' secrets itself).
  for (let i = 0; i < PENDING_EXPIRED; i++) expiredPendingIds.push((await start(2 * i, Date.now() - AUTHORIZATION_TTL_MS - 5 * 60_000)).id);
}, 120_000);

afterAll(async () => {
  reportFigures({ suite: "key rotation", counts: figures, rows });
  await Promise.all([db.$disconnect(), ...instances.map((i) => i.$disconnect())]);
  await sandbox.stop();
});

describe("key rotation with live connections", () => {
  it("every connection stays readable before, during and after; the old key goes; no refresh token is lost or used twice", async () => {
    const oldKid = oldRing.currentKeyId;
    const before = await readable(db, oldRing);
    expect(before).toBe(N);
    expect(await rowsUnderKey(oldKid)).toBe(N * 2 + PENDING_LIVE + PENDING_LIVE / 2 + PENDING_EXPIRED * 2);
    const reuseBefore = reuseDetected();

    // ---- during: readers and refreshers on every instance while the rotation runs ----
    let rotating = true;
    const during = { sweeps: 0, minReadable: N, reads: 0, readFailures: 0, refreshes: 0, refreshFailures: [] as string[] };
    const deps = instances.map((client) => lifecycle(client, rotatingRing));
    const sweeper = (async () => {
      do {
        const client = instances[during.sweeps % INSTANCES] ?? db;
        const n = await readable(client, rotatingRing);
        during.sweeps++;
        during.reads += N;
        during.readFailures += N - n;
        during.minReadable = Math.min(during.minReadable, n);
        await sleep(25); // leave the 2-core CI box some room for the rotation itself
      } while (rotating);
    })();
    const refreshers = deps.flatMap((d, instance) =>
      Array.from({ length: REFRESHERS_PER_INSTANCE }, async (_, worker) => {
        let i = instance * REFRESHERS_PER_INSTANCE + worker;
        while (rotating) {
          const id = ids[(i += 7) % N] ?? "";
          try {
            await getAccessToken(d, id, { forceRefresh: true });
            during.refreshes++;
          } catch (error) {
            during.refreshFailures.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
          }
          await sleep(20);
        }
      }),
    );

    // Half the pending flows come back from Okta while the rotation runs: each instance claims one in turn.
    const claimedDuring = livePending.slice(0, PENDING_LIVE / 2);
    const claimsDuring = claimedDuring.map(async (pending, i) => {
      await sleep(150 * i);
      const claim = await claimAuthorization({ db: instances[i % INSTANCES] ?? db, keyring: rotatingRing }, pending.state, pending.userId);
      return claim.ok && (await oidc.calculatePKCECodeChallenge(claim.authorization.codeVerifier)) === pending.challenge && claim.authorization.clientSecret === pending.clientSecret;
    });

    const started = Date.now();
    const reports: ReencryptReport[] = [];
    let report: ReencryptReport;
    // A row that kept changing is retried by running again, as the script tells the operator.
    do {
      report = await reencryptAllConnections({ db, keyring: rotatingRing });
      reports.push(report);
    } while ((report.conflicts > 0 || report.authorizations.conflicts > 0) && reports.length < 5);
    const rotationMs = Date.now() - started;
    rotating = false;
    await Promise.all([sweeper, ...refreshers]);
    expect(await Promise.all(claimsDuring)).toEqual(claimedDuring.map(() => true));

    expect(reports.flatMap((r) => [...r.failed, ...r.authorizations.failed])).toEqual([]);
    expect(report.conflicts + report.authorizations.conflicts).toBe(0);
    expect(reports.reduce((n, r) => n + r.reencrypted, 0)).toBe(N);
    // A flow claimed before the rotation reached it is cleared instead (its callback holds the values); the others are re-encrypted.
    const pendingReencrypted = reports.reduce((n, r) => n + r.authorizations.reencrypted, 0);
    const pendingCleared = reports.reduce((n, r) => n + r.authorizations.cleared, 0);
    expect(pendingReencrypted).toBeGreaterThanOrEqual(PENDING_LIVE - claimedDuring.length);
    expect(pendingCleared).toBeGreaterThanOrEqual(PENDING_EXPIRED);
    expect(pendingReencrypted + pendingCleared).toBeGreaterThanOrEqual(PENDING_LIVE + PENDING_EXPIRED);
    expect(during.sweeps).toBeGreaterThan(0);
    expect(during.readFailures).toBe(0);
    expect(during.refreshFailures).toEqual([]);
    expect(during.refreshes).toBeGreaterThan(0);

    // ---- after: only the new key is in use; drop the old one ----
    expect(Object.keys(await countEnvelopesByKey({ db }))).toEqual([finalRing.currentKeyId]);
    expect(await rowsUnderKey(oldKid)).toBe(0);
    const after = await readable(db, finalRing);
    expect(after).toBe(N);
    expect(await readable(db, oldRing)).toBe(0); // sanity: the old key alone reads nothing any more

    // The other pending flows finish with the new key alone: the verifier still matches its challenge, the secret is intact.
    const finalDeps = { db, keyring: finalRing };
    for (const pending of livePending.slice(claimedDuring.length)) {
      const claim = await claimAuthorization(finalDeps, pending.state, pending.userId);
      expect(claim.ok).toBe(true);
      if (!claim.ok) continue;
      expect(await oidc.calculatePKCECodeChallenge(claim.authorization.codeVerifier)).toBe(pending.challenge);
      expect(claim.authorization.clientSecret).toBe(pending.clientSecret);
    }
    const expired = await db.connectionAuthorization.findMany({ where: { id: { in: expiredPendingIds } } });
    expect(expired.map((r) => [r.codeVerifierEnc, r.clientSecretEnc])).toEqual(expiredPendingIds.map(() => ["", null]));

    // No refresh token lost: every family still refreshes at Okta, with the new key only.
    const finalLifecycle = lifecycle(db, finalRing);
    const lost = await pool(N, 5, async (i) => {
      const id = ids[i] ?? "";
      return getAccessToken(finalLifecycle, id, { forceRefresh: true }).then(
        () => 0,
        () => 1,
      );
    });
    figures.lost = lost.reduce<number>((a, b) => a + b, 0);
    const statuses = await db.connection.groupBy({ by: ["status"], _count: true, where: { id: { in: ids } } });
    figures.duplicates = reuseDetected() - reuseBefore;

    rows.push(
      ["connections readable before/during/after", `${before}/${during.minReadable}/${after}`],
      ["reads during rotation (failures)", `${during.reads} (${during.readFailures}) in ${during.sweeps} sweeps`],
      ["forced refreshes during rotation (failures)", `${during.refreshes} (${during.refreshFailures.length}) from ${INSTANCES} instances`],
      ["rotation", `${rotationMs} ms, ${reports.length} run(s): ${N} connections and ${pendingReencrypted} pending authorizations re-encrypted, ${pendingCleared} finished/expired cleared`],
      ["pending authorizations finished during / after rotation", `${claimedDuring.length}/${PENDING_LIVE - claimedDuring.length} (old key gone for the latter)`],
      ["values under the old key after rotation", String(await rowsUnderKey(oldKid))],
      ["refresh families alive after dropping the old key", `${N - figures.lost}/${N}`],
    );
    expect(figures).toEqual({ lost: 0, duplicates: 0 });
    expect(statuses).toEqual([{ status: "HEALTHY", _count: N }]);
  });
});
