import "server-only";
import { db } from "@/lib/db";
import { metrics, registerScrapeGauge } from "@/lib/observability/metrics";

// The gauges read from the database at scrape time (every instance reports the same cluster-wide
// figures; sum() over instances double counts, so dashboards take max()). Counters and histograms
// are recorded where things happen (lib/okta/transport.ts, lib/connections/access-token.ts).
const CONNECTION_STATUSES = ["PENDING", "HEALTHY", "DEGRADED", "NEEDS_REAUTH"];

type Row = { label: string; label2?: string | null; count: bigint | number };

async function grouped(sql: TemplateStringsArray): Promise<Row[]> {
  try {
    return await db().$queryRaw<Row[]>(sql);
  } catch {
    return []; // A scrape must answer even when one figure cannot be read (e.g. the queue schema not created yet).
  }
}

function withZeros(rows: Row[], known: string[]): { labels: Record<string, string>; value: number }[] {
  const counts = new Map(known.map((k) => [k, 0]));
  for (const r of rows) counts.set(r.label, Number(r.count));
  return [...counts.entries()].map(([k, v]) => ({ labels: { status: k }, value: v }));
}

let registered = false;

function registerDatabaseGauges(): void {
  if (registered) return;
  registered = true;
  registerScrapeGauge({
    name: "orc_connections",
    help: "Connections to Okta orgs by status (PENDING, HEALTHY, DEGRADED, NEEDS_REAUTH).",
    labelNames: ["status"],
    collect: async () => withZeros(await grouped`SELECT status::text AS label, count(*) AS count FROM "Connection" GROUP BY 1`, CONNECTION_STATUSES),
  });
  registerScrapeGauge({
    name: "orc_connections_scope_drift",
    help: "Connections whose last token refresh returned fewer scopes than their last authorization granted.",
    labelNames: [],
    collect: async () => {
      const rows = await grouped`SELECT 'drift' AS label, count(*) AS count FROM "Connection" WHERE cardinality("lostScopes") > 0`;
      return [{ labels: {}, value: Number(rows[0]?.count ?? 0) }];
    },
  });
  registerScrapeGauge({
    name: "orc_bulk_jobs",
    help: "Bulk-move jobs by state.",
    labelNames: ["state"],
    collect: async () =>
      (await grouped`SELECT status::text AS label, count(*) AS count FROM "BulkMoveJob" GROUP BY 1`).map((r) => ({ labels: { state: r.label }, value: Number(r.count) })),
  });
  registerScrapeGauge({
    name: "orc_bulk_items",
    help: "Bulk-move items (one user each) by outcome, over all jobs kept.",
    labelNames: ["outcome"],
    collect: async () =>
      (await grouped`SELECT status::text AS label, count(*) AS count FROM "BulkMoveItem" GROUP BY 1`).map((r) => ({ labels: { outcome: r.label }, value: Number(r.count) })),
  });
  registerScrapeGauge({
    name: "orc_queue_jobs",
    help: "Postgres queue (pg-boss) messages by queue and state.",
    labelNames: ["queue", "state"],
    collect: async () =>
      (await grouped`SELECT name AS label, state::text AS label2, count(*) AS count FROM pgboss.job GROUP BY 1, 2`).map((r) => ({
        labels: { queue: r.label, state: r.label2 ?? "unknown" },
        value: Number(r.count),
      })),
  });
}

/** The Prometheus exposition of this process (and the cluster-wide database gauges). */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  registerDatabaseGauges();
  db(); // creates the app pool, so orc_db_pool_connections is present from the first scrape
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
