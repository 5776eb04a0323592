import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, test } from "vitest";
import { testDatabaseUrl } from "../../tests/support/database-url";
import { createThrowawayDatabase, type ThrowawayDatabase } from "./throwaway";
import { migrate, MigrationError, migrationStatus, readMigrations } from "./migrate";

const REPO_MIGRATIONS = path.resolve(__dirname, "../../prisma/migrations");
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshDatabase(): Promise<ThrowawayDatabase> {
  const db = await createThrowawayDatabase(testDatabaseUrl(), "migrate");
  cleanups.push(db.drop);
  return db;
}

/** A private copy of the real migrations that a test may edit or extend. */
async function migrationsCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "orc-migrations-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(REPO_MIGRATIONS, dir, { recursive: true });
  return dir;
}

async function addMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(path.join(dir, name));
  await writeFile(path.join(dir, name, "migration.sql"), sql);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

type Recorded = { migration_name: string; checksum: string; id: string; finished: boolean; applied_steps_count: number; rolled_back_at: Date | null };
const recorded = (url: string) =>
  query<Recorded>(
    url,
    `SELECT migration_name, checksum, id, finished_at IS NOT NULL AS finished, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name`,
  );
const tableExists = async (url: string, table: string) =>
  (await query<{ t: string | null }>(url, `SELECT to_regclass('"${table}"')::text AS t`))[0]?.t != null;

async function rejection(promise: Promise<unknown>): Promise<MigrationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof MigrationError)) throw new Error(`expected a MigrationError, got ${String(error)}`);
  return error;
}

describe("migrate()", () => {
  test("applies every migration to an empty database and records them like Prisma", async () => {
    const db = await freshDatabase();
    const files = await readMigrations();
    expect(files.length).toBeGreaterThan(0);

    const { applied } = await migrate(db.url);

    expect(applied).toEqual(files.map((f) => f.name));
    expect(await tableExists(db.url, "Connection")).toBe(true);
    const rows = await recorded(db.url);
    for (const file of files) {
      // The checksum Prisma would compute: sha256 (hex) of the file's bytes, computed independently here.
      const bytes = await readFile(path.join(REPO_MIGRATIONS, file.name, "migration.sql"));
      expect(rows).toContainEqual({
        migration_name: file.name,
        checksum: createHash("sha256").update(bytes).digest("hex"),
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        finished: true,
        applied_steps_count: 1,
        rolled_back_at: null,
      });
    }
    expect(rows).toHaveLength(files.length);
    const columns = await query<{ column_name: string; type: string; nullable: string }>(
      db.url,
      `SELECT column_name, format_type(atttypid, atttypmod) AS type, is_nullable AS nullable
       FROM information_schema.columns JOIN pg_attribute ON attrelid = '"_prisma_migrations"'::regclass AND attname = column_name
       WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => `${c.column_name} ${c.type}${c.nullable === "NO" ? " not null" : ""}`)).toEqual([
      "id character varying(36) not null",
      "checksum character varying(64) not null",
      "finished_at timestamp with time zone",
      "migration_name character varying(255) not null",
      "logs text",
      "rolled_back_at timestamp with time zone",
      "started_at timestamp with time zone not null",
      "applied_steps_count integer not null",
    ]);
  });

  test("a second run applies nothing and reports up to date", async () => {
    const db = await freshDatabase();
    await migrate(db.url);
    const before = await recorded(db.url);

    expect(await migrate(db.url)).toEqual({ applied: [] });
    expect(await recorded(db.url)).toEqual(before);
    expect(await migrationStatus(db.url)).toMatchObject({ pending: [], changed: [], failed: [], upToDate: true });
  });

  test("reports pending migrations before anything was applied", async () => {
    const db = await freshDatabase();
    const names = (await readMigrations()).map((f) => f.name);
    expect(await migrationStatus(db.url)).toEqual({ applied: [], pending: names, changed: [], failed: [], upToDate: false });
  });

  test("refuses, applying nothing, when an applied migration was edited", async () => {
    const db = await freshDatabase();
    const dir = await migrationsCopy();
    await migrate(db.url, { dir });
    const [first] = await readMigrations(dir);
    if (!first) throw new Error("no migrations");
    await writeFile(path.join(dir, first.name, "migration.sql"), `${first.sql}\nCREATE TABLE "Sneaky" (id int);\n`);
    await addMigration(dir, "29990101000000_later", `CREATE TABLE "Later" (id int);`);
    const before = await recorded(db.url);

    const error = await rejection(migrate(db.url, { dir }));

    expect(error.code).toBe("CHANGED_MIGRATION");
    expect(error.migration).toBe(first.name);
    expect(error.message).toContain(first.name);
    expect(error.message).toMatch(/restore the file, or add a new migration instead of editing an applied one/i);
    expect(await tableExists(db.url, "Sneaky")).toBe(false);
    expect(await tableExists(db.url, "Later")).toBe(false); // not even the innocent pending one
    expect(await recorded(db.url)).toEqual(before);
    expect(await migrationStatus(db.url, dir)).toMatchObject({ changed: [first.name], upToDate: false });
  });

  test("treats a line-ending-only change (git autocrlf) as unchanged, like Prisma", async () => {
    const db = await freshDatabase();
    const dir = await migrationsCopy();
    await migrate(db.url, { dir });
    for (const file of await readMigrations(dir)) {
      await writeFile(path.join(dir, file.name, "migration.sql"), file.sql.replace(/\n/g, "\r\n"));
    }
    expect(await migrate(db.url, { dir })).toEqual({ applied: [] });
  });

  test("a failing migration rolls back its own statements, names itself, and can be fixed and re-run", async () => {
    const db = await freshDatabase();
    const dir = await migrationsCopy();
    const good = (await readMigrations(dir)).map((f) => f.name);
    const broken = "29990101000000_broken";
    await addMigration(dir, broken, `CREATE TABLE "HalfDone" (id int);\nINSERT INTO "DoesNotExist" VALUES (1);\n`);

    const error = await rejection(migrate(db.url, { dir }));

    expect(error.code).toBe("MIGRATION_FAILED");
    expect(error.migration).toBe(broken);
    expect(error.message).toContain(broken);
    expect(error.message).toContain('relation "DoesNotExist" does not exist');
    expect(error.message).toContain("line 2");
    expect(await tableExists(db.url, "HalfDone")).toBe(false);
    // Earlier migrations ran in their own transactions and stay applied; the failed one left no row.
    expect((await recorded(db.url)).map((r) => r.migration_name)).toEqual(good);

    await writeFile(path.join(dir, broken, "migration.sql"), `CREATE TABLE "HalfDone" (id int);\n`);
    expect(await migrate(db.url, { dir })).toEqual({ applied: [broken] });
    expect(await tableExists(db.url, "HalfDone")).toBe(true);
  });

  test("refuses a migration recorded as started but never finished (e.g. by the Prisma CLI)", async () => {
    const db = await freshDatabase();
    const dir = await migrationsCopy();
    await migrate(db.url, { dir });
    const name = "29990101000000_interrupted";
    await addMigration(dir, name, `CREATE TABLE "Interrupted" (id int);`);
    await query(db.url, `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs) VALUES (gen_random_uuid(), 'x', '${name}', 'boom')`);

    const error = await rejection(migrate(db.url, { dir }));

    expect(error).toMatchObject({ code: "FAILED_MIGRATION", migration: name });
    expect(await tableExists(db.url, "Interrupted")).toBe(false);
  });

  test("two concurrent runs on a fresh database both succeed and apply each migration once", async () => {
    const db = await freshDatabase();
    const dir = await migrationsCopy();
    // A slow first step keeps the first run inside its lock while the second one arrives.
    await addMigration(dir, "00000000000000_slow", `SELECT pg_sleep(0.5);`);
    const names = (await readMigrations(dir)).map((f) => f.name);
    const logs: string[] = [];

    const results = await Promise.all([1, 2].map((n) => migrate(db.url, { dir, log: (line) => logs.push(`${n}: ${line}`) })));

    expect(results.flatMap((r) => r.applied).sort()).toEqual([...names].sort());
    expect(results.some((r) => r.applied.length === 0)).toBe(true);
    expect(logs.some((line) => line.includes("waiting"))).toBe(true);
    expect((await recorded(db.url)).map((r) => r.migration_name).sort()).toEqual([...names].sort());
  });

  test("an unreachable server is reported with host:port and without the password", async () => {
    const error = await rejection(migrate("postgresql://app:s3cret-pw@127.0.0.1:1/app"));
    expect(error.code).toBe("UNREACHABLE");
    expect(error.message).toContain("127.0.0.1:1");
    expect(error.message).not.toContain("s3cret-pw");
  });
});
