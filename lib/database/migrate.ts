// Applies prisma/migrations/<name>/migration.sql folders the way `prisma migrate deploy` would, and
// records them in Prisma's own `_prisma_migrations` table, because the Prisma CLI cannot download
// its schema engine here. A database migrated by this module stays usable by the real Prisma CLI.
//
// Decisions (differences from Prisma are deliberate):
// - Each migration runs in its own transaction together with its `_prisma_migrations` row. A failing
//   migration therefore leaves nothing behind: no half-applied statements and no "failed" row that
//   would need `prisma migrate resolve` (which cannot run here). Fix the file and run again.
//   Consequence: statements that refuse to run in a transaction (CREATE INDEX CONCURRENTLY, …) are
//   not supported.
// - Rows left unfinished by someone else (e.g. the real Prisma CLI) are refused as FAILED_MIGRATION.
// - The whole run holds Prisma's advisory lock, so concurrent starts (and a real `prisma migrate`)
//   serialise: the second waits, then finds nothing pending.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

export type MigrationStatus = { applied: string[]; pending: string[]; changed: string[]; failed: string[]; upToDate: boolean };
export type Migration = { name: string; sql: string; checksum: string };
type MigrationErrorCode = "CHANGED_MIGRATION" | "FAILED_MIGRATION" | "MIGRATION_FAILED" | "UNREACHABLE";

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    readonly migration?: string,
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

/** The key `prisma migrate` itself locks on, so ours and Prisma's runs exclude each other. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;
const DEFAULT_DIR = path.resolve(__dirname, "../../prisma/migrations");

const CREATE_TABLE_SQL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** Prisma also accepts a file whose line endings were converted (git autocrlf) as unchanged. */
function matchesChecksum(sql: string, checksum: string): boolean {
  const lf = sql.replace(/\r\n/g, "\n");
  return [sql, lf, lf.replace(/\n/g, "\r\n")].some((variant) => sha256(variant) === checksum);
}

export async function readMigrations(dir: string = DEFAULT_DIR): Promise<Migration[]> {
  // turbopackIgnore: the folder is shipped explicitly (next.config.js outputFileTracingIncludes);
  // without it Turbopack would trace the whole project into the server build.
  const entries = await readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name, "migration.sql");
      const bytes = await readFile(/*turbopackIgnore: true*/ file).catch(() => {
        throw new Error(`Migration folder ${name} has no migration.sql (${file})`);
      });
      // Prisma's checksum is the sha256 of the file's bytes (hex).
      return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    }),
  );
}

type Row = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

/** host:port/database of a URL, never its password (it must not end up in logs or errors). */
function describe(databaseUrl: string): string {
  try {
    const u = new URL(databaseUrl);
    return `${u.hostname || "localhost"}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "<unparseable DATABASE_URL>";
  }
}

async function connect(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  // A dropped connection mid-run must surface as a failed query, not crash the process.
  client.on("error", () => {});
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    const reason = error instanceof Error ? error.message.split(databaseUrl).join("<DATABASE_URL>") : String(error);
    throw new MigrationError("UNREACHABLE", `Cannot reach PostgreSQL at ${describe(databaseUrl)}: ${reason}`);
  }
}

async function readRows(client: pg.Client): Promise<Row[] | undefined> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS t`);
  if (!exists.rows[0]?.t) return undefined;
  const result = await client.query<Row>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
  return result.rows;
}

function computeStatus(files: Migration[], rows: Row[]): MigrationStatus {
  const live = rows.filter((r) => r.rolled_back_at === null); // rolled-back rows count as not applied, as in Prisma
  const done = new Map(live.filter((r) => r.finished_at !== null).map((r) => [r.migration_name, r]));
  const failed = [...new Set(live.filter((r) => r.finished_at === null).map((r) => r.migration_name))];
  const applied = [...done.keys()];
  const changed = files.filter((f) => {
    const row = done.get(f.name);
    return row !== undefined && !matchesChecksum(f.sql, row.checksum);
  });
  const pending = files.filter((f) => !done.has(f.name) && !failed.includes(f.name)).map((f) => f.name);
  return {
    applied,
    pending,
    changed: changed.map((f) => f.name),
    failed,
    upToDate: pending.length === 0 && changed.length === 0 && failed.length === 0,
  };
}

export async function migrationStatus(databaseUrl: string, dir?: string): Promise<MigrationStatus> {
  const files = await readMigrations(dir);
  const client = await connect(databaseUrl);
  try {
    return computeStatus(files, (await readRows(client)) ?? []);
  } finally {
    await client.end().catch(() => {});
  }
}

function refuseIfUnsafe(status: MigrationStatus): void {
  const [changed] = status.changed;
  if (changed !== undefined) {
    throw new MigrationError(
      "CHANGED_MIGRATION",
      `Migration ${changed} was modified after it was applied (checksum differs); nothing was applied. ` +
        `Restore the file, or add a new migration instead of editing an applied one.`,
      changed,
    );
  }
  const [failed] = status.failed;
  if (failed !== undefined) {
    throw new MigrationError(
      "FAILED_MIGRATION",
      `Migration ${failed} is recorded as started but not finished in _prisma_migrations; nothing was applied. ` +
        `Check the database, then mark it rolled back (set rolled_back_at) or finished before migrating again.`,
      failed,
    );
  }
}

/** Postgres' message plus where in the file it happened, so the author can find the statement. */
function describePgError(error: unknown, sql: string): string {
  if (!(error instanceof Error)) return String(error);
  const { code, position } = error as Error & { code?: string; position?: string };
  const offset = Number(position);
  const line = Number.isInteger(offset) && offset > 0 ? ` (line ${sql.slice(0, offset - 1).split("\n").length})` : "";
  return `${error.message}${code ? ` [${code}]` : ""}${line}`;
}

async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  await client.query("BEGIN");
  try {
    const id = randomUUID();
    await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`, [
      id,
      migration.checksum,
      migration.name,
    ]);
    await client.query(migration.sql); // simple-query protocol: the file may hold many statements
    // clock_timestamp(): now() is frozen at BEGIN, Prisma records the real finish time.
    await client.query(`UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`, [id]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw new MigrationError(
      "MIGRATION_FAILED",
      `Migration ${migration.name} failed and was rolled back: ${describePgError(error, migration.sql)}`,
      migration.name,
    );
  }
}

export async function migrate(
  databaseUrl: string,
  opts: { dir?: string; log?: (line: string) => void } = {},
): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => {});
  const files = await readMigrations(opts.dir);
  const client = await connect(databaseUrl);
  try {
    const got = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [PRISMA_ADVISORY_LOCK_KEY]);
    if (!got.rows[0]?.ok) {
      log("Another process is migrating this database; waiting for it to finish…");
      await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK_KEY]);
    }
    await client.query(CREATE_TABLE_SQL);
    const rows = (await readRows(client)) ?? [];
    const status = computeStatus(files, rows);
    refuseIfUnsafe(status);
    const known = new Set(files.map((f) => f.name));
    for (const name of status.applied.filter((n) => !known.has(n))) {
      log(`Warning: ${name} is recorded as applied but has no folder in the migrations directory`);
    }

    const applied: string[] = [];
    for (const migration of files.filter((f) => status.pending.includes(f.name))) {
      log(`Applying ${migration.name}`);
      await applyOne(client, migration);
      applied.push(migration.name);
    }
    return { applied };
  } finally {
    // Ending the session releases the advisory lock even if the unlock query fails.
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_KEY]).catch(() => {});
    await client.end().catch(() => {});
  }
}
