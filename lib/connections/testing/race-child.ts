// Child process of the refresh-race test: runs COUNT getAccessToken calls spread over CLIENTS
// separate Prisma clients (so in-process single-flight cannot hide a broken database lease), after
// the parent says GO on stdin. Prints one JSON line: the tokens it got and any errors.
import { createInterface } from "node:readline";
import { createKeyring } from "@/lib/crypto";
import { getAccessToken } from "../access-token";
import { lifecycleDeps, prismaFor } from "./fixtures";

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  const count = Number(env("RACE_COUNT"));
  const clients = Number(env("RACE_CLIENTS"));
  const keyring = createKeyring(env("RACE_KEY"));
  const dbs = Array.from({ length: clients }, () => prismaFor(env("DATABASE_URL"), 4));
  // Connect and warm up Prisma's query plans before the start signal, so timings measure the race.
  await Promise.all(dbs.map((db) => db.connection.findUnique({ where: { id: env("RACE_CONNECTION_ID") } })));
  const depsList = dbs.map((db) => lifecycleDeps(db, keyring, { origin: env("RACE_ORIGIN") }));

  const lines = createInterface({ input: process.stdin });
  process.stdout.write("READY\n");
  for await (const line of lines) if (line.trim() === "GO") break;
  lines.close();

  const results = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => {
      const deps = depsList[i % depsList.length];
      if (!deps) throw new Error("no deps");
      return getAccessToken(deps, env("RACE_CONNECTION_ID"));
    }),
  );
  const tokens = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.accessToken] : []));
  const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason instanceof Error ? r.reason.message : String(r.reason)] : []));
  process.stdout.write(`${JSON.stringify({ tokens, errors })}\n`);
  await Promise.all(dbs.map((db) => db.$disconnect()));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
