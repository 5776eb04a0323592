import "server-only";
import { createBulkPool } from "@/lib/bulk/pool";
import type { BulkServiceDeps } from "@/lib/bulk/service";
import { connectionDeps } from "@/lib/connections/server";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { observePool } from "@/lib/observability/metrics";
import { bulkAuditWriter } from "./bulk-audit";
import type pg from "pg";

// The app's wiring of the bulk-move service: the job engine's pool on DATABASE_URL, the connection
// deps and the Domain field rules from the environment. The worker itself starts in instrumentation.ts.
const globalForBulk = globalThis as unknown as { bulkPool?: pg.Pool };

export function bulkServiceDeps(): BulkServiceDeps {
  const e = env();
  const url = e.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set; start the app with `npm start`");
  if (!globalForBulk.bulkPool) {
    globalForBulk.bulkPool = createBulkPool(url);
    observePool("bulk", globalForBulk.bulkPool);
  }
  return {
    pool: globalForBulk.bulkPool,
    tokens: connectionDeps(),
    domainRules: { allowedDomains: e.OKTA_ALLOWED_DOMAINS, devHttpOrigins: e.DEV_OKTA_HTTP_ORIGINS },
    audit: bulkAuditWriter(db()),
  };
}
