import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { createKeyring, envelopeKeyId } from "@/lib/crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getAccessToken } from "./access-token";
import { claimAuthorization, startAuthorization } from "./authorize/pending";
import { countEnvelopesByKey, reencryptAllConnections } from "./reencrypt";
import { loadDecryptedConnection } from "./repository";
import { authorizedConnection, lifecycleDeps, newKey, prismaFor } from "./testing/fixtures";
import { startTokenServer, type TokenServer } from "./testing/token-server";

const CLIENT = { clientId: "0oa-rotate", clientSecret: "rotate-secret" };

describe("online key rotation", () => {
  let db: PrismaClient;
  let server: TokenServer;

  beforeAll(async () => {
    db = prismaFor(testDatabaseUrl());
    server = await startTokenServer({ ...CLIENT, rotation: "ROTATE" });
  });
  afterAll(async () => {
    await db.$disconnect();
    await server.close();
  });

  it("a refresh in flight during re-encryption keeps its rotated refresh token, under the new key", async () => {
    await db.connection.deleteMany({}); // other files' connections use other keys
    const oldKey = newKey();
    const { id } = await authorizedConnection({ db, keyring: createKeyring(oldKey) }, server, CLIENT);
    const rotating = createKeyring(newKey(), [oldKey]);
    const base = lifecycleDeps(db, rotating, server);
    let report: Awaited<ReturnType<typeof reencryptAllConnections>> | undefined;
    const token = await getAccessToken({ ...base, refreshTokens: async (request) => {
      report = await reencryptAllConnections({ db, keyring: rotating }); // lands between lease and write
      return base.refreshTokens(request);
    } }, id);
    expect(report?.failed).toEqual([]);
    const stored = await loadDecryptedConnection({ db, keyring: createKeyring(newKey(), []) }, id).catch(() => undefined);
    expect(stored).toBeUndefined(); // sanity: an unrelated key cannot read it
    const after = await loadDecryptedConnection({ db, keyring: rotating }, id);
    expect(after?.tokenSet?.accessToken).toBe(token.accessToken);
    expect(after?.tokenSet?.refreshToken).toBe(server.currentRefreshToken);
    const row = await db.connection.findUniqueOrThrow({ where: { id } });
    expect(envelopeKeyId(row.tokenSetEnc ?? "")).toBe(rotating.currentKeyId);
    expect(envelopeKeyId(row.clientSecretEnc)).toBe(rotating.currentKeyId);
  });

  it("scripts/rotate-encryption-key.ts re-encrypts everything and says the old key can go", async () => {
    await db.connection.deleteMany({});
    const oldKey = newKey();
    const oldRing = createKeyring(oldKey);
    const { id } = await authorizedConnection({ db, keyring: oldRing }, server, CLIENT);
    await authorizedConnection({ db, keyring: oldRing }, server, CLIENT);
    // A reauthorization in progress (with a rotated secret): its PKCE verifier and secret are envelopes too.
    const user = await db.user.create({ data: { email: `rotate-${Date.now()}@team.test` } });
    const config = new oidc.Configuration({ issuer: "https://acme.okta.com", authorization_endpoint: "https://acme.okta.com/oauth2/v1/authorize" }, CLIENT.clientId);
    const started = await startAuthorization(
      { db, keyring: oldRing },
      { connectionId: id, userId: user.id, requestedScopes: ["openid"], reauthorize: true, config, redirectUri: "http://localhost/cb", clientSecret: "rotated-secret" },
    );
    const state = new URL(started.authorizeUrl).searchParams.get("state") ?? "";
    const newKeyValue = newKey();
    const run = (env: Record<string, string>) =>
      promisify(execFile)(path.resolve("node_modules/.bin/tsx"), [path.resolve("scripts/rotate-encryption-key.ts")], {
        env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", DATABASE_URL: testDatabaseUrl(), AUTH_SECRET: "x".repeat(40), ...env },
      });

    // Without the old key as retired, nothing can be read: the script fails and changes nothing.
    const refused = await run({ ENCRYPTION_KEY: newKeyValue }).then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain("neither ENCRYPTION_KEY nor in ENCRYPTION_RETIRED_KEYS");
    expect(await countEnvelopesByKey({ db })).toEqual({ [oldRing.currentKeyId]: 6 });

    const { stdout } = await run({ ENCRYPTION_KEY: newKeyValue, ENCRYPTION_RETIRED_KEYS: oldKey });
    expect(stdout).toContain("2 total, 2 re-encrypted");
    expect(stdout).toContain("ENCRYPTION_RETIRED_KEYS can be removed");
    expect(stdout).not.toContain(oldKey);
    expect(stdout).not.toContain(newKeyValue);
    expect(stdout).toContain("Pending authorizations: 1 with secrets, 1 re-encrypted");
    expect(await countEnvelopesByKey({ db })).toEqual({ [createKeyring(newKeyValue).currentKeyId]: 6 });
    // The flow still finishes once the old key is gone.
    const claim = await claimAuthorization({ db, keyring: createKeyring(newKeyValue) }, state, user.id);
    expect(claim.ok && claim.authorization.clientSecret).toBe("rotated-secret");
  });
});
