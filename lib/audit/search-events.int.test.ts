// The audit page's query on the real database: keyset pages cover every event exactly once (also
// when many share a timestamp), and the filters narrow by connection, actor, operation and outcome.
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

const fx = await import("@/tests/support/team-fixtures");
const { db } = await import("@/lib/db");
const { PAGE_SIZE, searchAuditEvents } = await import("./search-events");

beforeEach(fx.resetTeam);

async function seed(count: number, at: Date, extra: { action?: string; actorEmail?: string; outcome?: "SUCCESS" | "FAILURE" } = {}) {
  await db().auditEvent.createMany({
    data: Array.from({ length: count }, () => ({ at, action: extra.action ?? "realm.read", outcome: extra.outcome ?? "SUCCESS", actorEmail: extra.actorEmail ?? "op@team.test" })),
  });
}

describe("searchAuditEvents", () => {
  it("pages newest first through every event once, ties on the timestamp included", async () => {
    const tie = new Date("2026-11-01T10:00:00.000Z");
    await seed(70, tie);
    await seed(40, new Date("2026-11-01T11:00:00.000Z"));
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await searchAuditEvents({ after });
      expect(page.rows.length).toBeLessThanOrEqual(PAGE_SIZE);
      seen.push(...page.rows.map((r) => r.id));
      after = page.next;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(110);
    const times = (await db().auditEvent.findMany({ where: { id: { in: seen.slice(0, 41) } }, select: { at: true } })).map((e) => e.at.toISOString());
    expect(times.filter((t) => t === "2026-11-01T11:00:00.000Z")).toHaveLength(40);
  });

  it("shows a target by the name stored with the event, keeping its id", async () => {
    await db().auditEvent.create({ data: { action: "realm.update", outcome: "SUCCESS", target: "realm:guo1", details: { targetName: "Partners", from: {}, to: {} } } });
    await db().auditEvent.create({ data: { action: "realm.users.list", outcome: "SUCCESS", target: "realm:guo2", details: { records: 3 } } });
    const { rows } = await searchAuditEvents({});
    expect(rows.map((r) => [r.target, r.targetName])).toEqual([
      ["realm:guo2", null],
      ["realm:guo1", "Partners"],
    ]);
  });

  it("filters by operation prefix, actor and outcome", async () => {
    const at = new Date();
    await seed(3, at, { action: "realm.update", actorEmail: "ann@team.test" });
    await seed(2, at, { action: "realm.update", actorEmail: "bob@team.test", outcome: "FAILURE" });
    await seed(4, at, { action: "member.invite", actorEmail: "ann@team.test" });
    expect((await searchAuditEvents({ operation: "realm." })).rows).toHaveLength(5);
    expect((await searchAuditEvents({ operation: "realm.update", actor: "ANN" })).rows).toHaveLength(3);
    expect((await searchAuditEvents({ outcome: "FAILURE" })).rows.map((r) => r.actorEmail)).toEqual(["bob@team.test", "bob@team.test"]);
    // LIKE wildcards are searched for literally, not as "anything".
    expect((await searchAuditEvents({ actor: "%" })).rows).toHaveLength(0);
    expect((await searchAuditEvents({ actor: "a_n" })).rows).toHaveLength(0);
  });
});

describe("the JSON export's pages", () => {
  it("cover every event exactly once, also when many share a timestamp", async () => {
    const { listAuditEvents } = await import("./list-events");
    const at = new Date("2026-01-01T00:00:00.000Z");
    await db().auditEvent.createMany({ data: Array.from({ length: 7 }, (_, i) => ({ at, action: `export.same_time_${i}`, outcome: "SUCCESS" as const })) });
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await listAuditEvents({ limit: 3, ...(after ? { after } : {}) });
      seen.push(...page.events.filter((e) => e.action.startsWith("export.same_time_")).map((e) => e.action));
      after = page.next;
    } while (after);
    expect(seen.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `export.same_time_${i}`).sort());
  });
});
