// globalSetup of the `integration` project: one freshly migrated database for the run.
// DATABASE_URL set → a new `orc_test_<random>` database on that server (the named database itself
// is never touched); unset → a throwaway embedded PostgreSQL in a temp dir. Test files read the
// migrated database's URL from process.env.DATABASE_URL (workers are forked after this runs).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../lib/database/embedded";
import { migrate } from "../../lib/database/migrate";
import { createThrowawayDatabase } from "../../lib/database/throwaway";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const original = process.env.DATABASE_URL;
  let embedded: EmbeddedPostgres | undefined;
  let tempDir: string | undefined;
  if (!original) {
    tempDir = await mkdtemp(path.join(os.tmpdir(), "orc-test-pg-"));
    embedded = await startEmbeddedPostgres({ dataDir: tempDir });
  }
  const serverUrl = original ?? embedded?.url;
  if (!serverUrl) throw new Error("unreachable: no database server");

  const database = await createThrowawayDatabase(serverUrl, "test");
  await migrate(database.url);
  process.env.DATABASE_URL = database.url;
  project.provide("databaseUrl", database.url);
  const where = embedded ? `embedded PostgreSQL on port ${embedded.port}` : new URL(serverUrl).host;
  console.log(`[integration] migrated ${database.name} (${where}) in ${Date.now() - started} ms`);

  return async () => {
    await database.drop().catch((error: unknown) => console.error(`[integration] could not drop ${database.name}: ${String(error)}`));
    await embedded?.stop();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
    if (original === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = original;
  };
}
