import { createHash } from "node:crypto";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

// The process's Prometheus registry (served at /api/metrics). One per process, on globalThis: the
// job worker (instrumentation) and route modules get separate module instances in Next.
//
// Labels carry no secret and no user data: operations, statuses and outcomes are fixed sets, and an
// Okta org appears only as `org`, a short hash of its origin (orgLabel). Org domains name customers
// and tenants, which a metrics pipeline (often run by another team, kept for a year) should not
// learn; the hash still tells orgs apart, and an operator who knows a domain can compute its label
// (README, Metrics). Connection ids are not used: several connections share one org's rate limits.
export type AppMetrics = ReturnType<typeof createMetrics>;

export const METRIC_PREFIX = "orc_";

function createMetrics(registry: Registry) {
  const registers = [registry];
  return {
    registry,
    oktaRequests: new Counter({
      name: "orc_okta_requests_total",
      help: "Okta Management API requests (each attempt), by operation and HTTP status (0: no response).",
      labelNames: ["operation", "status"] as const,
      registers,
    }),
    oktaDuration: new Histogram({
      name: "orc_okta_request_duration_seconds",
      help: "Duration of Okta Management API requests (each attempt), by operation and status class.",
      labelNames: ["operation", "status_class"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
      registers,
    }),
    oktaRateLimitRemaining: new Gauge({
      name: "orc_okta_rate_limit_remaining",
      help: "X-Rate-Limit-Remaining Okta last reported, per org (hashed origin) and rate-limit bucket (method and path template).",
      labelNames: ["org", "bucket"] as const,
      registers,
    }),
    oktaRateLimited: new Counter({
      name: "orc_okta_rate_limited_total",
      help: "Okta answers with 429 Too Many Requests, by operation.",
      labelNames: ["operation"] as const,
      registers,
    }),
    tokenRefreshes: new Counter({
      name: "orc_token_refreshes_total",
      help: "Access-token refreshes at Okta's token endpoint, by outcome (success, needs_reauth, failed).",
      labelNames: ["outcome"] as const,
      registers,
    }),
    connectionChecks: new Counter({
      name: "orc_connection_checks_total",
      help: "Scheduled connection health checks, by result (healthy, needs_reauth, degraded, skipped).",
      labelNames: ["result"] as const,
      registers,
    }),
  };
}

const state = globalThis as unknown as { orcMetrics?: AppMetrics };

export function metrics(): AppMetrics {
  if (!state.orcMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    state.orcMetrics = createMetrics(registry);
  }
  return state.orcMetrics;
}

/** A stable, non-reversible label for an Okta org: the first 12 hex digits of SHA-256 of its origin. */
export function orgLabel(origin: string): string {
  return createHash("sha256").update(origin.replace(/\/$/, "").toLowerCase()).digest("hex").slice(0, 12);
}

/** Records one Okta attempt; never throws (metrics must not fail a call). */
export function recordOktaCall(info: {
  origin: string;
  operation: string;
  bucket: string;
  status: number;
  durationMs: number;
  remaining: number | undefined;
}): void {
  try {
    const m = metrics();
    const status = String(info.status);
    m.oktaRequests.inc({ operation: info.operation, status });
    m.oktaDuration.observe({ operation: info.operation, status_class: info.status === 0 ? "none" : `${String(info.status).charAt(0)}xx` }, info.durationMs / 1000);
    if (info.status === 429) m.oktaRateLimited.inc({ operation: info.operation });
    if (info.remaining !== undefined) m.oktaRateLimitRemaining.set({ org: orgLabel(info.origin), bucket: info.bucket }, info.remaining);
  } catch {
    // Deliberately ignored.
  }
}

export type RefreshOutcome = "success" | "needs_reauth" | "failed";

export function recordTokenRefresh(outcome: RefreshOutcome): void {
  try {
    metrics().tokenRefreshes.inc({ outcome });
  } catch {
    // Deliberately ignored.
  }
}

/** Gauges whose value is read at scrape time (pools, database counts), registered once per name. */
export function registerScrapeGauge(options: {
  name: string;
  help: string;
  labelNames: readonly string[];
  collect: () => Promise<{ labels: Record<string, string>; value: number }[]> | { labels: Record<string, string>; value: number }[];
}): void {
  const { registry } = metrics();
  const existing = registry.getSingleMetric(options.name);
  if (existing) registry.removeSingleMetric(options.name);
  new Gauge({
    name: options.name,
    help: options.help,
    labelNames: options.labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { labels, value } of await options.collect()) this.set(labels, value);
    },
  });
}

type PoolLike = { totalCount: number; idleCount: number; waitingCount: number };
const pools = (globalThis as unknown as { orcPools?: Map<string, PoolLike> });

/** Makes a pg pool's use visible as orc_db_pool_connections{pool, state}. */
export function observePool(name: string, pool: PoolLike): void {
  pools.orcPools ??= new Map();
  pools.orcPools.set(name, pool);
  if (metrics().registry.getSingleMetric("orc_db_pool_connections")) return;
  registerScrapeGauge({
    name: "orc_db_pool_connections",
    help: "Postgres connections of the app's pg pools: total open, idle, and callers waiting for one.",
    labelNames: ["pool", "state"],
    collect: () =>
      [...(pools.orcPools ?? new Map<string, PoolLike>()).entries()].flatMap(([pool, p]) => [
        { labels: { pool, state: "total" }, value: p.totalCount },
        { labels: { pool, state: "idle" }, value: p.idleCount },
        { labels: { pool, state: "waiting" }, value: p.waitingCount },
      ]),
  });
}
