// Run as `node --import tsx e2e/realms-support/store-connection.ts` with a JSON request on stdin:
// stores an authorized connection in the e2e server's database exactly as the app does
// (lib/connections: createConnection + storeAuthorization, secrets encrypted with the server's key).
// A child process because the Prisma client is ESM (import.meta), which Playwright's loader isn't.
import { readFileSync } from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { createConnection, storeAuthorization, tokenSetFromResponse, type TokenResponse } from "../../lib/connections";
import { createKeyring } from "../../lib/crypto";
import { PrismaClient } from "../../lib/generated/prisma/client";

type Request = {
  dataDir: string;
  databaseUrl?: string;
  nickname: string;
  oktaDomain: string;
  clientId: string;
  clientSecret: string;
  requestedScopes: string[];
  tokens: TokenResponse;
};

function databaseUrl(req: Request): string {
  if (req.databaseUrl) return req.databaseUrl;
  const state = JSON.parse(readFileSync(path.join(req.dataDir, "postgres", "embedded.json"), "utf8")) as { password: string; port: number };
  return `postgresql://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/app`;
}

async function main(): Promise<void> {
  const req = JSON.parse(readFileSync(0, "utf8")) as Request;
  const key = (JSON.parse(readFileSync(path.join(req.dataDir, "secrets.json"), "utf8")) as { ENCRYPTION_KEY: string }).ENCRYPTION_KEY;
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl(req), max: 1 }) });
  try {
    const deps = { db, keyring: createKeyring(key) };
    const created = await createConnection(deps, {
      nickname: req.nickname,
      oktaDomain: req.oktaDomain,
      clientId: req.clientId,
      clientSecret: req.clientSecret,
      requestedScopes: req.requestedScopes,
      createdById: null,
    });
    await storeAuthorization(deps, created.id, { tokenSet: tokenSetFromResponse(req.tokens, Date.now(), null), authorizedSub: null, authorizedLogin: "admin@sandbox.example", actor: null });
    process.stdout.write(JSON.stringify({ id: created.id }));
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
