import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { createKeyring } from "@/lib/crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getAccessToken } from "./access-token";
import { loadDecryptedConnection } from "./repository";
import { authorizedConnection, lifecycleDeps, newKey, prismaFor } from "./testing/fixtures";
import { startTokenServer, type TokenServer } from "./testing/token-server";

// The peer projects' top failure: concurrent refreshes with a rotating refresh token (leeway 0) make
// all but one refresh fail with invalid_grant, and the connection dies. Here 100 callers in two OS
// processes, over 10 independent Prisma clients (so in-process single-flight cannot hide a broken
// cross-process lease), must cause exactly one token request.
const CLIENT = { clientId: "0oa-race", clientSecret: "race-secret-value" };
const PER_PROCESS = 50;
const CLIENTS_PER_PROCESS = 5;

type ChildResult = { tokens: string[]; errors: string[] };

function startChild(env: Record<string, string>): { child: ChildProcessWithoutNullStreams; ready: Promise<void>; result: Promise<ChildResult> } {
  const tsx = path.resolve("node_modules/.bin/tsx");
  const child = spawn(tsx, [path.resolve("lib/connections/testing/race-child.ts")], { env: { ...process.env, ...env }, stdio: "pipe" });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const result = new Promise<ChildResult>((resolve, reject) => {
    lines.on("line", (line) => {
      if (line === "READY") resolveReady();
      else if (line.startsWith("{")) resolve(JSON.parse(line) as ChildResult);
    });
    child.on("exit", (code) => (code === 0 ? undefined : reject(new Error(`race child exited with ${code}: ${stderr}`))));
  });
  return { child, ready: Promise.race([ready, result.then(() => undefined)]), result };
}

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
    const depsList = dbs.map((db) => lifecycleDeps(db, keyring, server));

    const { child, ready, result } = startChild({
      DATABASE_URL: testDatabaseUrl(),
      RACE_KEY: key,
      RACE_ORIGIN: server.origin,
      RACE_CONNECTION_ID: id,
      RACE_COUNT: String(PER_PROCESS),
      RACE_CLIENTS: String(CLIENTS_PER_PROCESS),
    });
    await ready;
    const started = Date.now();
    child.stdin.write("GO\n");
    const local = await Promise.allSettled(
      Array.from({ length: PER_PROCESS }, (_, i) => getAccessToken(depsList[i % depsList.length] ?? lifecycleDeps(first, keyring, server), id)),
    );
    const remote = await result;
    const elapsed = Date.now() - started;

    const localErrors = local.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
    const tokens = [...local.flatMap((r) => (r.status === "fulfilled" ? [r.value.accessToken] : [])), ...remote.tokens];
    console.log(
      `[refresh-race] ${tokens.length} tokens, ${localErrors.length + remote.errors.length} errors, ` +
        `${server.tokenRequests} token request(s), ${server.invalidGrants} invalid_grant, ${elapsed} ms`,
    );
    expect([...localErrors, ...remote.errors]).toEqual([]);
    expect(server.tokenRequests).toBe(1);
    expect(server.invalidGrants).toBe(0);
    expect(tokens).toHaveLength(2 * PER_PROCESS);
    expect(new Set(tokens)).toEqual(new Set([server.lastAccessToken]));

    // The rotated refresh token was saved: the chain still works afterwards.
    const stored = await loadDecryptedConnection({ db: first, keyring }, id);
    expect(stored?.status).toBe("HEALTHY");
    expect(stored?.tokenSet?.refreshToken).toBe(server.currentRefreshToken);
    const forced = await getAccessToken(lifecycleDeps(first, keyring, server), id, { forceRefresh: true });
    expect(server.tokenRequests).toBe(2);
    expect(forced.accessToken).toBe(server.lastAccessToken);
  });
});
