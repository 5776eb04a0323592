// The connection health check inside the app server process, started by instrumentation.ts next to
// the bulk worker (same reasons: no visitor needed, once per process via globalThis). It builds its
// deps from the environment with the same pure modules lib/connections/server.ts uses.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { resolveEnv } from "@/lib/config/resolve-env";
import { createOpenIdRefresher, parseDevHttpOrigins } from "@/lib/connections";
import { keyringFromEnv } from "@/lib/crypto";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { errorFields, logger } from "@/lib/observability/log";
import { observePool } from "@/lib/observability/metrics";
import { startConnectionCheckScheduler, type ConnectionCheckScheduler } from "./connection-check";

const state = globalThis as unknown as { connectionChecks?: Promise<ConnectionCheckScheduler | null> };

export function ensureConnectionChecks(): Promise<ConnectionCheckScheduler | null> {
  state.connectionChecks ??= start().catch((error: unknown) => {
    // Connections still work; they are only checked when used until the scheduler runs.
    logger("connection-check").error(errorFields(error), "scheduler did not start");
    return null;
  });
  return state.connectionChecks;
}

async function start(): Promise<ConnectionCheckScheduler | null> {
  const e = resolveEnv(process.env);
  const url = e.DATABASE_URL;
  if (!url) return null;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  observePool("connection-check", pool);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const devHttpOrigins = parseDevHttpOrigins(e.DEV_OKTA_HTTP_ORIGINS);
  const scheduler = await startConnectionCheckScheduler({
    connectionString: url,
    intervalMs: e.CONNECTION_CHECK_MINUTES * 60_000,
    deps: {
      db: prisma,
      keyring: keyringFromEnv(e),
      refreshTokens: createOpenIdRefresher({ devHttpOrigins, allowedDomains: e.OKTA_ALLOWED_DOMAINS }),
      domainRules: { allowedDomains: e.OKTA_ALLOWED_DOMAINS, devHttpOrigins: e.DEV_OKTA_HTTP_ORIGINS },
    },
  });
  logger("connection-check").info({ everyMinutes: e.CONNECTION_CHECK_MINUTES }, "scheduler started");
  return scheduler;
}

/** Stops this process's scheduler (SIGTERM); another instance's runs go on. */
export async function stopConnectionChecks(): Promise<void> {
  const scheduler = await state.connectionChecks;
  await scheduler?.stop();
}
