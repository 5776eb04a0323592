import "server-only";
import { connection } from "next/server";
import path from "node:path";
import pg from "pg";
import { migrationStatus } from "@/lib/database/migrate";
import { env } from "@/lib/env";
import { isDraining } from "@/lib/observability/shutdown";
import packageJson from "@/package.json";

/**
 * pg-boss creates its schema when the first worker starts (instrumentation.ts). Before that the
 * queue is "not started", which is not a failure: jobs wait in their tables until a worker runs.
 */
async function queueState(url: string): Promise<Health["queue"]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ present: boolean }>("SELECT to_regclass('pgboss.version') IS NOT NULL AS present");
    if (!rows[0]?.present) return "not started";
    await client.query("SELECT version FROM pgboss.version");
    return "ok";
  } catch {
    return "unreachable";
  } finally {
    await client.end().catch(() => undefined);
  }
}

export type Health = {
  ok: boolean;
  version: string;
  database: "ok" | "unreachable" | "unknown";
  migrations: string;
  /** The job queue (pg-boss schema) in the database: "ok", "not started" or "unreachable". */
  queue: "ok" | "not started" | "unreachable" | "unknown";
  reason?: string;
};

/** Database reachable and every migration applied, or why not. Never includes connection details. */
export async function getHealth(): Promise<Health> {
  await connection(); // always at request time, never prerendered at build
  const base = { version: packageJson.version };
  const url = env().DATABASE_URL;
  if (isDraining()) return { ...base, ok: false, database: "unknown", migrations: "unknown", queue: "unknown", reason: "shutting down" };
  if (!url) return { ...base, ok: false, database: "unreachable", migrations: "unknown", queue: "unknown", reason: "DATABASE_URL is not set" };
  try {
    // The server runs from the project root (next start) or the standalone folder; both carry prisma/.
    const status = await migrationStatus(url, path.join(process.cwd(), "prisma", "migrations"));
    const queue = await queueState(url);
    if (status.upToDate && queue === "unreachable") return { ...base, ok: false, database: "ok", migrations: "up to date", queue, reason: "the job queue cannot be read" };
    if (status.upToDate) return { ...base, ok: true, database: "ok", migrations: "up to date", queue };
    const problems = [
      status.pending.length > 0 ? `pending: ${status.pending.join(", ")}` : "",
      status.changed.length > 0 ? `changed after applying: ${status.changed.join(", ")}` : "",
      status.failed.length > 0 ? `failed: ${status.failed.join(", ")}` : "",
    ].filter(Boolean);
    return { ...base, ok: false, database: "ok", migrations: problems.join("; "), queue, reason: "migrations are not up to date; run npm run db:migrate" };
  } catch {
    return { ...base, ok: false, database: "unreachable", migrations: "unknown", queue: "unknown", reason: "the database cannot be reached" };
  }
}
