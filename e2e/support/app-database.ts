// Read-only access to the e2e server's database from the test process: the connection tokens (to
// check revocation at the sandbox and to know what the secret scan looks for) and a plain dump.
// Decrypting uses the local ENCRYPTION_KEY the launcher generated into DATA_DIR/secrets.json.
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { LocalSecrets } from "../../lib/config/local-secrets";
import { decryptTokenSet } from "../../lib/connections/secrets";
import { createKeyring } from "../../lib/crypto";
import { dataDir } from "./sandbox";

export function databaseUrl(): string {
  if (process.env.E2E_DATABASE_URL) return process.env.E2E_DATABASE_URL;
  const state = JSON.parse(readFileSync(path.join(dataDir, "postgres", "embedded.json"), "utf8")) as { password: string; port: number };
  return `postgresql://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/app`;
}

/** The keys the launcher generated into DATA_DIR/secrets.json (the e2e server runs in local mode). */
export function localSecrets(): LocalSecrets {
  return JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as LocalSecrets;
}

async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export type StoredTokens = { accessToken: string; refreshToken?: string; idToken?: string };

/** The decrypted token set of the connection with this nickname (null before authorization). */
export async function storedTokens(nickname: string): Promise<StoredTokens | null> {
  const key = localSecrets().ENCRYPTION_KEY;
  return withClient(async (client) => {
    const { rows } = await client.query<{ id: string; tokenSetEnc: string | null }>('SELECT "id", "tokenSetEnc" FROM "Connection" WHERE "nickname" = $1', [nickname]);
    const row = rows[0];
    if (!row?.tokenSetEnc) return null;
    const tokens = decryptTokenSet(createKeyring(key), row.id, row.tokenSetEnc);
    return { accessToken: tokens.accessToken, ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}), ...(tokens.idToken ? { idToken: tokens.idToken } : {}) };
  });
}

/** Every row of every table as text: what a `pg_dump --data-only` would show of the values. */
export async function plainDump(): Promise<string> {
  return withClient(async (client) => {
    const { rows: tables } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    const parts: string[] = [];
    for (const { table_name } of tables) {
      const { rows } = await client.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name.replace(/"/g, '""')}" t`);
      parts.push(`-- ${table_name}`, ...rows.map((r) => r.row));
    }
    return parts.join("\n");
  });
}

/** Audit events with this action, oldest first. */
export async function auditEvents(action: string): Promise<{ target: string | null; outcome: string; details: unknown }[]> {
  return withClient(async (client) => {
    const { rows } = await client.query<{ target: string | null; outcome: string; details: unknown }>(
      'SELECT "target", "outcome", "details" FROM "AuditEvent" WHERE "action" = $1 ORDER BY "at"',
      [action],
    );
    return rows;
  });
}
