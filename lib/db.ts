import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { observePool } from "./observability/metrics";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function createPrisma(): PrismaClient {
  const url = env().DATABASE_URL;
  // scripts/start.ts always sets DATABASE_URL (external or embedded) before the server starts.
  if (!url) throw new Error("DATABASE_URL is not set; start the app with `npm start`");
  // Our own pool (the adapter would build the same one) so /api/metrics can show its use.
  const pool = new pg.Pool({ connectionString: url });
  observePool("app", pool);
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

/** The Prisma client, created on first use (never at import time: `next build` imports this). */
export function db(): PrismaClient {
  globalForPrisma.prisma ??= createPrisma();
  return globalForPrisma.prisma;
}
