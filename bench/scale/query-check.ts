// "No query that loads everything", checked on the real SQL: run the connections page's listing
// (first page and the next one, in every order the table can be sorted by) with Prisma's query log on, then EXPLAIN ANALYZE every statement it
// sent, with its parameters, and report the rows each returned and whether a LIMIT bounds it.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { CONNECTION_SORTS, DEFAULT_CONNECTION_ORDER, listConnectionPage } from "../../lib/connections";
import { PrismaClient } from "../../lib/generated/prisma/client";

export type StatementCheck = {
  page: string;
  kind: "rows" | "count";
  sql: string;
  /** Rows the statement sent back to the app. */
  rowsReturned: number;
  /** Rows its scans read (a count reads the matching index entries to return one row). */
  rowsRead: number;
  /** LIMIT, or an IN list of the page's own keys (the createdBy users of the page). */
  bounded: boolean;
  planMs: number;
};

/** Rows read by the plan's leaf scans (Actual Rows × loops). */
function rowsRead(node: PlanNode): number {
  if (!node.Plans || node.Plans.length === 0) return node["Actual Rows"] * (node["Actual Loops"] ?? 1);
  return node.Plans.reduce((sum, child) => sum + rowsRead(child), 0);
}

type PlanNode = { "Node Type": string; "Actual Rows": number; "Actual Loops"?: number; Plans?: PlanNode[] };

export async function checkConnectionPageQueries(databaseUrl: string): Promise<StatementCheck[]> {
  const captured: { query: string; params: string }[] = [];
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 2 }), log: [{ emit: "event", level: "query" }] });
  db.$on("query", (e) => captured.push({ query: e.query, params: e.params }));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const pages: { label: string; from: number }[] = [];
    const others = CONNECTION_SORTS.flatMap((sort) => (["asc", "desc"] as const).map((dir) => ({ sort, dir })));
    for (const order of [DEFAULT_CONNECTION_ORDER, ...others.filter((o) => o.sort !== DEFAULT_CONNECTION_ORDER.sort || o.dir !== DEFAULT_CONNECTION_ORDER.dir)]) {
      const name = `${order.sort} ${order.dir}`;
      pages.push({ label: `${name} page 1`, from: captured.length });
      const first = await listConnectionPage(db, order);
      pages.push({ label: `${name} page 2`, from: captured.length });
      await listConnectionPage(db, { ...order, after: first.next });
    }
    const checks: StatementCheck[] = [];
    for (const [i, { query, params }] of captured.entries()) {
      const page = [...pages].reverse().find((p) => i >= p.from)?.label ?? "?";
      const values = JSON.parse(params) as unknown[];
      const explained = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode; "Execution Time": number }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${query}`, values);
      const plan = explained.rows[0]?.["QUERY PLAN"][0];
      if (!plan) throw new Error(`no plan for ${query}`);
      const isCount = /\bCOUNT\(/i.test(query);
      checks.push({
        page,
        kind: isCount ? "count" : "rows",
        sql: query.replace(/\s+/g, " ").slice(0, 160),
        rowsReturned: plan.Plan["Actual Rows"],
        rowsRead: rowsRead(plan.Plan),
        bounded: isCount || /\bLIMIT\b/i.test(query) || /"id" IN \(/.test(query),
        planMs: plan["Execution Time"],
      });
    }
    return checks;
  } finally {
    await client.end();
    await db.$disconnect();
  }
}
