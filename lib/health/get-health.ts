import "server-only";
import { connection } from "next/server";
import path from "node:path";
import { migrationStatus } from "@/lib/database/migrate";
import { env } from "@/lib/env";
import packageJson from "@/package.json";

export type Health = {
  ok: boolean;
  version: string;
  database: "ok" | "unreachable";
  migrations: string;
  reason?: string;
};

/** Database reachable and every migration applied, or why not. Never includes connection details. */
export async function getHealth(): Promise<Health> {
  await connection(); // always at request time, never prerendered at build
  const base = { version: packageJson.version };
  const url = env().DATABASE_URL;
  if (!url) return { ...base, ok: false, database: "unreachable", migrations: "unknown", reason: "DATABASE_URL is not set" };
  try {
    // The server runs from the project root (next start) or the standalone folder; both carry prisma/.
    const status = await migrationStatus(url, path.join(process.cwd(), "prisma", "migrations"));
    if (status.upToDate) return { ...base, ok: true, database: "ok", migrations: "up to date" };
    const problems = [
      status.pending.length > 0 ? `pending: ${status.pending.join(", ")}` : "",
      status.changed.length > 0 ? `changed after applying: ${status.changed.join(", ")}` : "",
      status.failed.length > 0 ? `failed: ${status.failed.join(", ")}` : "",
    ].filter(Boolean);
    return { ...base, ok: false, database: "ok", migrations: problems.join("; "), reason: "migrations are not up to date; run npm run db:migrate" };
  } catch {
    return { ...base, ok: false, database: "unreachable", migrations: "unknown", reason: "the database cannot be reached" };
  }
}
