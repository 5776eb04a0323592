import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../database/embedded";
import { fail } from "./fail";

export type DatabaseHandle = { url: string; description: string; stop(): Promise<void> };

/** host:port/db of a Postgres URL, never the password. */
export function describeDatabaseUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
}

async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(url, "<DATABASE_URL>") : "unknown error";
    fail(`Cannot reach the database at ${describeDatabaseUrl(url)} (${reason})`, "Check DATABASE_URL, or unset it to use the embedded PostgreSQL");
  } finally {
    await client.end().catch(() => {});
  }
}

/** DATABASE_URL when set; otherwise an embedded PostgreSQL whose data lives in DATA_DIR/postgres. */
export async function openDatabase(databaseUrl: string | undefined, dataDir: string): Promise<DatabaseHandle> {
  if (databaseUrl) {
    await assertReachable(databaseUrl);
    return { url: databaseUrl, description: `external Postgres at ${describeDatabaseUrl(databaseUrl)}`, stop: async () => {} };
  }
  const dir = path.join(dataDir, "postgres");
  const embedded = await startEmbeddedPostgres({ dataDir: dir });
  // Where the data really is: a cluster kept outside DATA_DIR (root, unreachable folder) is named in full, with why.
  const location = embedded.pgdata.startsWith(path.resolve(dir) + path.sep)
    ? path.relative(process.cwd(), dir) || dir
    : `${embedded.pgdata}${embedded.relocatedBecause ? ` (the postgres system user cannot enter ${embedded.relocatedBecause})` : ""}`;
  const binaries = embedded.binariesCopy ? `, running from ${embedded.binariesCopy} (a copy the postgres system user can reach)` : "";
  return {
    url: embedded.url,
    description: `embedded PostgreSQL, data in ${location}, port ${embedded.port}${binaries}`,
    stop: embedded.stop,
  };
}
