// The benchmark's Postgres: a throwaway database on DATABASE_URL's server when set (the named
// database is never touched), else an embedded PostgreSQL in a temp dir. Migrated like the app's.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/database/embedded";
import { migrate } from "@/lib/database/migrate";

export type BenchDatabase = { url: string; description: string; stop(): Promise<void> };

async function run(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function openBenchDatabase(): Promise<BenchDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const name = `orc_bench_${randomBytes(4).toString("hex")}`;
    await run(external, `CREATE DATABASE "${name}"`);
    const url = new URL(external);
    url.pathname = `/${name}`;
    await migrate(url.toString());
    return {
      url: url.toString(),
      description: `database ${name} on ${url.host} (DATABASE_URL's server)`,
      stop: () => run(external, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "orc-bench-pg-"));
  const embedded = await startEmbeddedPostgres({ dataDir: dir });
  await migrate(embedded.url);
  return {
    url: embedded.url,
    description: `embedded PostgreSQL on port ${embedded.port}`,
    stop: async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
