// The benchmark's Postgres: a throwaway database on DATABASE_URL's server when set (the named
// database is never touched), else an embedded PostgreSQL in a temp dir. Migrated like the app's,
// unless the caller starts the app's launcher on it, which migrates at start (as npm start does).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/database/embedded";
import { migrate } from "@/lib/database/migrate";
import { createThrowawayDatabase } from "@/lib/database/throwaway";

export type BenchDatabase = { url: string; description: string; stop(): Promise<void> };

export async function openBenchDatabase(options: { migrate?: boolean } = {}): Promise<BenchDatabase> {
  const migrates = options.migrate ?? true;
  const external = process.env.DATABASE_URL;
  if (external) {
    const db = await createThrowawayDatabase(external, "bench");
    if (migrates) await migrate(db.url);
    return { url: db.url, description: `database ${db.name} on ${new URL(db.url).host} (DATABASE_URL's server)`, stop: db.drop };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "orc-bench-pg-"));
  const embedded = await startEmbeddedPostgres({ dataDir: dir });
  if (migrates) await migrate(embedded.url);
  return {
    url: embedded.url,
    description: `embedded PostgreSQL on port ${embedded.port}`,
    stop: async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
