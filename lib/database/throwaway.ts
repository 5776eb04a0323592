// Fresh, uniquely named databases on an existing server, so tests never share state or touch the
// database DATABASE_URL names.
import { randomBytes } from "node:crypto";
import pg from "pg";

export type ThrowawayDatabase = { name: string; url: string; drop(): Promise<void> };

async function run(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates `orc_<label>_<random>` on the server of `serverUrl` (any database there will do). */
export async function createThrowawayDatabase(serverUrl: string, label: string): Promise<ThrowawayDatabase> {
  const name = `orc_${label}_${randomBytes(5).toString("hex")}`;
  await run(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // FORCE: a test that failed half-way may still hold connections.
    drop: () => run(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
