// Helpers of the operability suite: databases at a given migration, pg_dump/restore, the README's
// list of metric series.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { migrate } from "@/lib/database/migrate";

const run = promisify(execFile);
export const root = path.resolve(__dirname, "../..");
const MIGRATIONS = path.join(root, "prisma", "migrations");

/** Applies only the first `count` migrations (an older release's database). */
export async function migrateTo(url: string, count: number): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "orc-migrations-"));
  try {
    const { readdirSync } = await import("node:fs");
    const names = readdirSync(MIGRATIONS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort().slice(0, count);
    for (const name of names) cpSync(path.join(MIGRATIONS, name), path.join(dir, name), { recursive: true });
    await migrate(url, { dir });
    return names;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Major versions of pg_dump and the server: a dump needs pg_dump ≥ the server. */
export async function dumpCompatibility(url: string): Promise<{ ok: boolean; reason: string }> {
  try {
    const { stdout } = await run("pg_dump", ["--version"]);
    const client = Number(/(\d+)\./.exec(stdout)?.[1] ?? 0);
    const [row] = await query<{ server_version_num: string }>(url, "SHOW server_version_num");
    const server = Math.floor(Number(row?.server_version_num ?? 0) / 10000);
    return client >= server ? { ok: true, reason: "" } : { ok: false, reason: `pg_dump ${client} cannot dump a PostgreSQL ${server} server` };
  } catch (error) {
    return { ok: false, reason: `pg_dump is not available (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** README's backup recipe: pg_dump -Fc, then pg_restore into an empty database. */
export async function dumpAndRestore(fromUrl: string, toUrl: string): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "orc-backup-"));
  const file = path.join(dir, "orc.dump");
  try {
    await run("pg_dump", ["--format=custom", "--no-owner", "--file", file, fromUrl]);
    await run("pg_restore", ["--no-owner", "--exit-on-error", "--dbname", toUrl, file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The series README's "Metrics" section documents (its table's first column). */
export function documentedSeries(): string[] {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const start = readme.indexOf("### Metrics");
  const end = readme.indexOf("\n## ", start);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...new Set([...section.matchAll(/^\| `([a-z_]+)`/gm)].map((m) => m[1] ?? ""))].filter(Boolean);
}
