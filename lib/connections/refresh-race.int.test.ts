import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { createKeyring } from "@/lib/crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getAccessToken } from "./access-token";
import { loadDecryptedConnection } from "./repository";
import { authorizedConnection, lifecycleDeps, newKey, prismaFor } from "./testing/fixtures";
import { runTwoProcessRace } from "./testing/race";
import { startTokenServer, type TokenServer } from "./testing/token-server";

// The peer projects' top failure: concurrent refreshes with a rotating refresh token (leeway 0) make
// all but one refresh fail with invalid_grant, and the connection dies. Here 100 callers in two OS
// processes, over 10 independent Prisma clients (so in-process single-flight cannot hide a broken
// cross-process lease), must cause exactly one token request.
const CLIENT = { clientId: "0oa-race", clientSecret: "race-secret-value" };
const PER_PROCESS = 50;
const CLIENTS_PER_PROCESS = 5;

describe("refresh race across processes", () => {
  let server: TokenServer;
  const dbs: PrismaClient[] = [];
  const key = newKey();
  const keyring = createKeyring(key);

  beforeAll(async () => {
    // 150 ms at the token endpoint: every caller is well inside the race window.
    server = await startTokenServer({ ...CLIENT, rotation: "ROTATE", reuseDetection: true, delayMs: 150 });
    for (let i = 0; i < CLIENTS_PER_PROCESS; i++) dbs.push(prismaFor(testDatabaseUrl(), 4));
  });
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.$disconnect()));
    await server.close();
  });

  it("100 concurrent callers in two processes on an expired token: one token request, no invalid_grant", async () => {
    const [first] = dbs;
    if (!first) throw new Error("no db");
    const { id } = await authorizedConnection({ db: first, keyring }, server, CLIENT);

    const race = await runTwoProcessRace({ databaseUrl: testDatabaseUrl(), key, keyring, origin: server.origin, connectionId: id, dbs, perProcess: PER_PROCESS });
    console.log(
      `[refresh-race] ${race.tokens.length} tokens, ${race.errors.length} errors, ` +
        `${server.tokenRequests} token request(s), ${server.invalidGrants} invalid_grant, ${race.elapsedMs} ms`,
    );
    expect(race.errors).toEqual([]);
    expect(server.tokenRequests).toBe(1);
    expect(server.invalidGrants).toBe(0);
    expect(race.tokens).toHaveLength(2 * PER_PROCESS);
    expect(new Set(race.tokens)).toEqual(new Set([server.lastAccessToken]));

    // The rotated refresh token was saved: the chain still works afterwards.
    const stored = await loadDecryptedConnection({ db: first, keyring }, id);
    expect(stored?.status).toBe("HEALTHY");
    expect(stored?.tokenSet?.refreshToken).toBe(server.currentRefreshToken);
    const forced = await getAccessToken(lifecycleDeps(first, keyring, server), id, { forceRefresh: true });
    expect(server.tokenRequests).toBe(2);
    expect(forced.accessToken).toBe(server.lastAccessToken);
  });
});
