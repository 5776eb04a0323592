// The audit page's Operation choices come from a loose index scan: the same list as SQL DISTINCT,
// but read with one index probe per action, not by loading every event (what Prisma's `distinct`
// did: SELECT id, action … with no LIMIT, de-duplicated in memory).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { prismaFor } from "@/lib/connections/testing/fixtures";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { distinctAuditActions } from "./distinct-actions";

const EVENTS = 5000;
const mine = Array.from({ length: 7 }, (_, i) => `scale.distinct.${i}`);
let db: PrismaClient;
let client: pg.Client;
const statements: { query: string; params: string }[] = [];

type PlanNode = { "Actual Rows": number; "Actual Loops"?: number; Plans?: PlanNode[] };
const rowsRead = (n: PlanNode): number => (n.Plans?.length ? n.Plans.reduce((s, c) => s + rowsRead(c), 0) : n["Actual Rows"] * (n["Actual Loops"] ?? 1));

beforeAll(async () => {
  db = prismaFor(testDatabaseUrl(), 2);
  client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  await client.query(
    `INSERT INTO "AuditEvent" ("id", "at", "action", "outcome") SELECT 'sd' || g, now(), 'scale.distinct.' || (g % 7), 'SUCCESS' FROM generate_series(1, ${EVENTS}) g`,
  );
  await client.query(`ANALYZE "AuditEvent"`);
});

afterAll(async () => {
  await client.query(`DELETE FROM "AuditEvent" WHERE "id" LIKE 'sd%' AND "action" LIKE 'scale.distinct.%'`);
  await client.end();
  await db.$disconnect();
});

describe("distinctAuditActions", () => {
  it("lists each recorded action once, A→Z, like SELECT DISTINCT", async () => {
    const expected = (await client.query<{ action: string }>(`SELECT DISTINCT "action" FROM "AuditEvent" ORDER BY "action" LIMIT 200`)).rows.map((r) => r.action);
    const actions = await distinctAuditActions(db);
    expect(actions).toEqual(expected);
    expect(actions).toEqual(expect.arrayContaining(mine));
    expect(await distinctAuditActions(db, 3)).toEqual(expected.slice(0, 3));
  });

  it(`reads one index entry per action, not the ${EVENTS.toLocaleString("en-US")} events`, async () => {
    const logging = new PrismaClient({ adapter: new PrismaPg({ connectionString: testDatabaseUrl(), max: 1 }), log: [{ emit: "event", level: "query" }] });
    logging.$on("query", (e) => statements.push({ query: e.query, params: e.params }));
    try {
      const actions = await distinctAuditActions(logging);
      expect(statements).toHaveLength(1);
      const [{ query, params }] = statements as [{ query: string; params: string }];
      const explained = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${query}`, JSON.parse(params) as unknown[]);
      const plan = explained.rows[0]?.["QUERY PLAN"][0].Plan;
      if (!plan) throw new Error("no plan");
      // A probe per action plus the last one that finds nothing; a full read would be ≥ EVENTS.
      expect(rowsRead(plan)).toBeLessThanOrEqual(2 * (actions.length + 1));
    } finally {
      await logging.$disconnect();
    }
  });
});
