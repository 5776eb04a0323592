// The benchmark's app-side worker, in its own process so the benchmark can kill -9 it: the same
// pg-boss worker, runner, Postgres governor and lib/okta client the app runs (lib/jobs), wired to
// the benchmark's database and sandbox org. Prints "ready" once it polls the queue.
//
// Env: DATABASE_URL, BENCH_ENCRYPTION_KEY, BENCH_ORG_URL (allowed as a dev http origin).
import { PrismaPg } from "@prisma/adapter-pg";
import { createBulkPool } from "@/lib/bulk/pool";
import { createKeyring } from "@/lib/crypto";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createOpenIdRefresher } from "@/lib/connections";
import { bulkAuditWriter } from "@/lib/jobs/bulk-audit";
import { bulkClientFactory } from "@/lib/jobs/bulk-okta";
import { startBulkWorker } from "@/lib/jobs/bulk-worker";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const databaseUrl = required("DATABASE_URL");
  const orgUrl = required("BENCH_ORG_URL");
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  const pool = createBulkPool(databaseUrl, 20);
  // Connect now: a cold Prisma client would otherwise cost the first job its first second or two.
  await prisma.$connect();
  const tokens = { db: prisma, keyring: createKeyring(required("BENCH_ENCRYPTION_KEY")), refreshTokens: createOpenIdRefresher({ devHttpOrigins: [orgUrl] }) };
  const worker = await startBulkWorker({
    connectionString: databaseUrl,
    pool,
    workerId: `bench-worker-${process.pid}`,
    clientFor: bulkClientFactory({ pool, tokens, domainRules: { devHttpOrigins: [orgUrl] } }),
    audit: bulkAuditWriter(prisma),
    monitorMs: 1_000,
    pollingIntervalSeconds: 0.5,
    log: (line) => console.log(`[worker ${process.pid}] ${line}`),
  });
  console.log("ready");
  const stop = () => {
    void worker
      .stop()
      .then(() => Promise.all([pool.end(), prisma.$disconnect()]))
      .finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
