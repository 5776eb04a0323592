import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { createKeyring, DecryptError, envelopeKeyId } from "@/lib/crypto";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getAccessToken } from "./access-token";
import { listConnectionPage } from "./list-page";
import { countEnvelopesByKey, reencryptAllConnections } from "./reencrypt";
import {
  createConnection,
  deleteConnection,
  getConnectionSummary,
  loadDecryptedConnection,
  renameConnection,
  storeAuthorization,
} from "./repository";
import { revokeConnectionTokens } from "./oauth-client";
import { createOrgClientFactory, tokenSetFromResponse } from "./token-endpoint";
import { lifecycleDeps, newKey, prismaFor } from "./testing/fixtures";
import { startTokenServer, type TokenServer } from "./testing/token-server";

const unique = (label: string) => `${label}-${randomBytes(4).toString("hex")}`;

/** Every row of every table in the public schema as text: what a leaked backup would show. */
async function sqlDump(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
    let out = "";
    for (const { name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${client.escapeIdentifier(name)} t`);
      out += rows.rows.map((r) => r.row).join("\n");
    }
    return out;
  } finally {
    await client.end();
  }
}

/** `pg_dump` when its version can dump this server (the local server in CI), else undefined. */
async function pgDump(url: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)("pg_dump", ["--data-only", "--no-owner", url], { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch {
    return undefined;
  }
}

describe("connection storage", () => {
  let db: PrismaClient;
  let server: TokenServer;
  const client = { clientId: "0oa-storage", clientSecret: `cs-${randomBytes(16).toString("hex")}` };

  beforeAll(async () => {
    db = prismaFor(testDatabaseUrl());
    server = await startTokenServer({ ...client, rotation: "ROTATE" });
  });
  afterAll(async () => {
    await db.$disconnect();
    await server.close();
  });

  async function authorized(keyring: ReturnType<typeof createKeyring>) {
    const summary = await createConnection({ db, keyring }, {
      nickname: unique("prod"),
      oktaDomain: server.origin.slice("http://".length),
      ...client,
      requestedScopes: ["openid", "offline_access", "okta.users.read"],
      createdById: null,
    });
    const response = { ...server.issueInitial(), id_token: `idt-${randomBytes(12).toString("hex")}` };
    await storeAuthorization({ db, keyring }, summary.id, {
      tokenSet: tokenSetFromResponse(response, Date.now(), null),
      authorizedSub: "00u-admin",
      authorizedLogin: "admin@example.com",
      actor: null,
    });
    return { summary, response };
  }

  it("a plain dump of the database contains neither the client secret nor any token", async () => {
    const keyring = createKeyring(newKey());
    const { summary, response } = await authorized(keyring);
    const secrets = [client.clientSecret, response.access_token, response.refresh_token, response.id_token];

    const viaPgDump = await pgDump(testDatabaseUrl());
    if (viaPgDump === undefined) console.warn("[storage] pg_dump unavailable for this server version; checked the SQL dump only");
    const dumps = [await sqlDump(testDatabaseUrl()), viaPgDump].filter((d): d is string => d !== undefined);
    for (const dump of dumps) {
      expect(dump).toContain(summary.nickname); // the row is in the dump…
      for (const secret of secrets) expect(dump).not.toContain(secret); // …its secrets are not
    }
    // And they are all there for the code that may decrypt them.
    const decrypted = await loadDecryptedConnection({ db, keyring }, summary.id);
    expect(decrypted?.clientSecret).toBe(client.clientSecret);
    expect(decrypted?.tokenSet?.refreshToken).toBe(response.refresh_token);
    expect(decrypted?.tokenSet?.idToken).toBe(response.id_token);
    expect(decrypted?.status).toBe("HEALTHY");
    expect(decrypted?.grantedScopes).toEqual(["openid", "offline_access", "okta.users.read"]);
  });

  it("list and get summaries never read the encrypted columns", async () => {
    const keyring = createKeyring(newKey());
    const { summary } = await authorized(keyring);
    // A role that may read every Connection column except the two envelopes: any query that
    // touches them fails with "permission denied" instead of silently loading secrets.
    const role = `orc_summary_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    const columns = await admin.query<{ c: string }>(
      `SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'Connection'
         AND column_name NOT IN ('clientSecretEnc', 'tokenSetEnc')`,
    );
    await admin.query(`CREATE ROLE ${role} NOLOGIN`);
    await admin.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await admin.query(`GRANT SELECT (${columns.rows.map((r) => `"${r.c}"`).join(", ")}) ON "Connection" TO ${role}`);
    await admin.query(`GRANT SELECT ON "User" TO ${role}`);
    const restricted = new PrismaClient({ adapter: new PrismaPg({ connectionString: testDatabaseUrl(), options: `-c role=${role}` }) });
    try {
      const listed = (await listConnectionPage(restricted, {})).rows;
      expect(listed.map((c) => c.id)).toContain(summary.id);
      const one = await getConnectionSummary(restricted, summary.id);
      expect(one?.nickname).toBe(summary.nickname);
      // The guard itself works: reading a secret column as this role is refused.
      await expect(loadDecryptedConnection({ db: restricted, keyring }, summary.id)).rejects.toThrow(/permission denied/);
      for (const key of Object.keys(one ?? {})) expect(key).not.toMatch(/secret|token(?!ExpiresAt)|Enc$/i);
    } finally {
      await restricted.$disconnect();
      await admin.query(`REVOKE ALL ON "Connection", "User" FROM ${role}`);
      await admin.query(`REVOKE USAGE ON SCHEMA public FROM ${role}`);
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
    }
  });

  it("an envelope copied to another connection does not decrypt there (no plaintext fallback)", async () => {
    const keyring = createKeyring(newKey());
    const a = await authorized(keyring);
    const b = await authorized(keyring);
    const rowA = await db.connection.findUniqueOrThrow({ where: { id: a.summary.id } });
    await db.connection.update({ where: { id: b.summary.id }, data: { clientSecretEnc: rowA.clientSecretEnc } });
    await expect(loadDecryptedConnection({ db, keyring }, b.summary.id)).rejects.toBeInstanceOf(DecryptError);
    await db.connection.update({ where: { id: b.summary.id }, data: { clientSecretEnc: client.clientSecret } });
    await expect(loadDecryptedConnection({ db, keyring }, b.summary.id)).rejects.toMatchObject({ code: "MALFORMED" });
  });

  it("rename keeps secrets; a taken nickname is a typed error; delete returns what revocation needs", async () => {
    const keyring = createKeyring(newKey());
    const a = await authorized(keyring);
    const b = await authorized(keyring);
    const renamed = await renameConnection(db, a.summary.id, unique("renamed"));
    expect(renamed.version).toBe(1); // authorization bumped it once; a rename is not a credential change
    await expect(renameConnection(db, b.summary.id, renamed.nickname)).rejects.toMatchObject({ code: "NICKNAME_TAKEN" });
    const deleted = await deleteConnection({ db, keyring }, b.summary.id);
    expect(deleted.revocation).toMatchObject({ clientSecret: client.clientSecret, refreshToken: b.response.refresh_token, accessToken: b.response.access_token });
    // Revoking at the org ends the refresh chain (b holds the server's live chain).
    if (!deleted.revocation) throw new Error("no revocation material");
    expect(server.currentRefreshToken).toBe(b.response.refresh_token);
    const revoked = await revokeConnectionTokens(createOrgClientFactory({ devHttpOrigins: [server.origin] }), deleted.revocation);
    expect(revoked).toEqual({ revoked: 2, errors: [] });
    expect(server.currentRefreshToken).toBeUndefined();
    expect(await getConnectionSummary(db, b.summary.id)).toBeNull();
    await expect(deleteConnection({ db, keyring }, b.summary.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("re-encryption under a new key keeps everything readable, and the old key becomes removable", async () => {
    await db.connection.deleteMany({});
    const oldKey = newKey();
    const oldRing = createKeyring(oldKey);
    const conns = [await authorized(oldRing), await authorized(oldRing)];
    const pending = await createConnection({ db, keyring: oldRing }, { nickname: unique("pending"), oktaDomain: "acme.okta.com", clientId: "0oa-p", clientSecret: "p-secret", requestedScopes: [], createdById: null });
    expect(await countEnvelopesByKey({ db })).toEqual({ [oldRing.currentKeyId]: 5 });

    const newKeyValue = newKey();
    const rotating = createKeyring(newKeyValue, [oldKey]);
    const report = await reencryptAllConnections({ db, keyring: rotating });
    expect(report).toMatchObject({ total: 3, reencrypted: 3, alreadyCurrent: 0, conflicts: 0, failed: [] });
    expect(await countEnvelopesByKey({ db })).toEqual({ [rotating.currentKeyId]: 5 });
    expect((await reencryptAllConnections({ db, keyring: rotating })).alreadyCurrent).toBe(3);

    // Old key removed from the configuration: everything still decrypts, and a refresh works.
    const newOnly = createKeyring(newKeyValue);
    for (const { summary, response } of conns) {
      const c = await loadDecryptedConnection({ db, keyring: newOnly }, summary.id);
      expect(c?.clientSecret).toBe(client.clientSecret);
      expect(c?.tokenSet?.accessToken).toBe(response.access_token);
    }
    expect((await loadDecryptedConnection({ db, keyring: newOnly }, pending.id))?.clientSecret).toBe("p-secret");
    const first = conns.at(-1); // the test server keeps one refresh chain: the latest authorization's
    if (!first) throw new Error("no connection");
    await db.connection.update({ where: { id: first.summary.id }, data: { accessTokenExpiresAt: new Date(0) } });
    const refreshed = await getAccessToken(lifecycleDeps(db, newOnly, server), first.summary.id, { forceRefresh: true });
    expect(refreshed.accessToken).toBe(server.lastAccessToken);
    const row = await db.connection.findUniqueOrThrow({ where: { id: first.summary.id } });
    expect(envelopeKeyId(row.tokenSetEnc ?? "")).toBe(newOnly.currentKeyId);
    // …while the old key alone no longer opens anything.
    await expect(loadDecryptedConnection({ db, keyring: oldRing }, pending.id)).rejects.toMatchObject({ code: "UNKNOWN_KEY" });
    const audit = await db.auditEvent.findFirst({ where: { action: "encryption.key_rotated" }, orderBy: { at: "desc" } });
    expect(audit?.outcome).toBe("SUCCESS");
  });
});
