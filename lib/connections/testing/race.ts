// Runs the refresh race: `perProcess` getAccessToken calls here and as many in a child process
// (tsx), each side over `clientsPerProcess` separate Prisma clients, released at the same moment.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Keyring } from "@/lib/crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getAccessToken } from "../access-token";
import { lifecycleDeps } from "./fixtures";

export type RaceResult = { tokens: string[]; errors: string[]; elapsedMs: number };

export async function runTwoProcessRace(input: {
  databaseUrl: string;
  key: string;
  keyring: Keyring;
  origin: string;
  connectionId: string;
  dbs: PrismaClient[];
  perProcess: number;
}): Promise<RaceResult> {
  const child = spawn(path.resolve("node_modules/.bin/tsx"), [path.resolve("lib/connections/testing/race-child.ts")], {
    env: {
      ...process.env,
      DATABASE_URL: input.databaseUrl,
      RACE_KEY: input.key,
      RACE_ORIGIN: input.origin,
      RACE_CONNECTION_ID: input.connectionId,
      RACE_COUNT: String(input.perProcess),
      RACE_CLIENTS: String(input.dbs.length),
    },
    stdio: "pipe",
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const remote = new Promise<{ tokens: string[]; errors: string[] }>((resolve, reject) => {
    lines.on("line", (line) => {
      if (line === "READY") onReady();
      else if (line.startsWith("{")) resolve(JSON.parse(line) as { tokens: string[]; errors: string[] });
    });
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`race child exited with ${code}: ${stderr}`));
    });
  });
  try {
    await Promise.all(input.dbs.map((db) => db.connection.findUnique({ where: { id: input.connectionId } })));
    await Promise.race([ready, remote]);
    const depsList = input.dbs.map((db) => lifecycleDeps(db, input.keyring, { origin: input.origin }));
    const started = Date.now();
    child.stdin.write("GO\n");
    const local = await Promise.allSettled(
      Array.from({ length: input.perProcess }, (_, i) => {
        const deps = depsList[i % depsList.length];
        if (!deps) throw new Error("no Prisma clients");
        return getAccessToken(deps, input.connectionId);
      }),
    );
    const theirs = await remote;
    return {
      tokens: [...local.flatMap((r) => (r.status === "fulfilled" ? [r.value.accessToken] : [])), ...theirs.tokens],
      errors: [...local.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : [])), ...theirs.errors],
      elapsedMs: Date.now() - started,
    };
  } finally {
    if (child.exitCode === null) child.kill();
  }
}
