// The bulk-move worker inside the app server process. Started by instrumentation.ts's register()
// (so a restarted server resumes unfinished jobs without waiting for a visitor), once per process
// (globalThis: instrumentation and route modules don't share module instances). No `server-only`
// here: instrumentation isn't a server-component context. It builds its deps from the environment
// with the same pure modules lib/connections/server.ts uses.
import { PrismaPg } from "@prisma/adapter-pg";
import { createBulkPool } from "@/lib/bulk/pool";
import { resolveEnv } from "@/lib/config/resolve-env";
import { createOpenIdRefresher, parseDevHttpOrigins } from "@/lib/connections";
import { keyringFromEnv } from "@/lib/crypto";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { bulkAuditWriter } from "./bulk-audit";
import { bulkClientFactory } from "./bulk-okta";
import { startBulkWorker, type BulkWorker } from "./bulk-worker";
import { errorFields, logger } from "@/lib/observability/log";
import { observePool } from "@/lib/observability/metrics";

const state = globalThis as unknown as { bulkWorker?: Promise<BulkWorker | null> };

export function ensureBulkWorker(): Promise<BulkWorker | null> {
  state.bulkWorker ??= start().catch((error: unknown) => {
    // The app still serves pages; jobs wait in the database until a worker runs.
    logger("bulk").error(errorFields(error), "worker did not start");
    return null;
  });
  return state.bulkWorker;
}

async function start(): Promise<BulkWorker | null> {
  const e = resolveEnv(process.env);
  const url = e.DATABASE_URL;
  if (!url) return null;
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  const pool = createBulkPool(url, 10);
  observePool("bulk-worker", pool);
  // Connect now: a cold Prisma client would otherwise cost the first job its first second or two.
  await prisma.$connect();
  const devHttpOrigins = parseDevHttpOrigins(e.DEV_OKTA_HTTP_ORIGINS);
  const tokens = { db: prisma, keyring: keyringFromEnv(e), refreshTokens: createOpenIdRefresher({ devHttpOrigins, allowedDomains: e.OKTA_ALLOWED_DOMAINS }) };
  const worker = await startBulkWorker({
    connectionString: url,
    pool,
    workerId: `app-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    clientFor: bulkClientFactory({ pool, tokens, domainRules: { allowedDomains: e.OKTA_ALLOWED_DOMAINS, devHttpOrigins: e.DEV_OKTA_HTTP_ORIGINS } }),
    audit: bulkAuditWriter(prisma),
  });
  // No signal handlers: Next owns shutdown. A stopped process's claims lapse and another worker resumes.
  logger("bulk").info("worker started");
  return worker;
}

/** Sends the job to this process's worker at once when there is one; otherwise a worker's monitor finds it within seconds. */
export async function notifyBulkWorker(jobId: string): Promise<void> {
  const worker = await state.bulkWorker;
  await worker?.enqueue(jobId);
}

/** Stops this process's worker (SIGTERM): no new runs; a run in flight stops and resumes elsewhere once its lease lapses. */
export async function stopBulkWorker(): Promise<void> {
  const worker = await state.bulkWorker;
  await worker?.stop();
}
