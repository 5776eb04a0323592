// An anonymous flood of server-action and route calls cannot flood the audit log: every call is
// refused, and the refusals of one action within a minute land on ONE DENIED row whose
// details.count says how many there were. Concurrent calls of one process share one write (group
// commit); across instances a Postgres advisory lock serialises the writes.
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { reportFigures } from "@/tests/verify/report";

vi.mock("server-only", () => ({}));

const fx = await import("@/tests/support/team-fixtures");
const { db } = await import("@/lib/db");
const { inviteMember } = await import("@/lib/actions/invite-member");
const { GET: exportAudit } = await import("@/app/api/audit/route");

const FLOOD = 1_000;
const figures = { attacks: 0, attacks_rejected: 0, rowsForFlood: -1, routeRows: -1 };

beforeEach(fx.resetTeam);

/** Runs `count` calls, `parallel` at a time. */
async function flood<T>(count: number, parallel: number, call: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let done = 0; done < count; done += parallel) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(parallel, count - done) }, call))));
  }
  return results;
}

const deniedRows = (action: string) =>
  db().auditEvent.findMany({ where: { action, outcome: "DENIED" }, orderBy: { at: "asc" }, select: { id: true, actorId: true, details: true } });

describe("anonymous refusals are counted, not logged one row per call", () => {
  it(`${FLOOD} anonymous server-action calls: all refused, one audit row counting ${FLOOD}`, async () => {
    fx.actAs(null);
    const results = await flood(FLOOD, 25, () => inviteMember({ email: "flood@evil.example", role: "OWNER" }));
    const refused = results.filter((r) => !r.ok && r.error.code === "UNAUTHENTICATED").length;
    figures.attacks += FLOOD;
    figures.attacks_rejected += refused;
    expect(refused).toBe(FLOOD);
    expect(await db().invitation.count()).toBe(0);

    const rows = await deniedRows("member.invite");
    figures.rowsForFlood = rows.length;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: null, details: { reason: "no session", permission: "members.invite", count: FLOOD } });
  });

  it("anonymous route calls are counted the same way, per action", async () => {
    const results = await flood(200, 20, () => exportAudit(new Request("http://app.test/api/audit?limit=5")));
    figures.attacks += results.length;
    figures.attacks_rejected += results.filter((r) => r.status === 401).length;
    expect(results.every((r) => r.status === 401)).toBe(true);
    const rows = await deniedRows("audit.export");
    figures.routeRows = rows.length;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.details).toMatchObject({ count: 200 });
  });

  it("opens a new row once the previous one is a minute old", async () => {
    fx.actAs(null);
    await inviteMember({ email: "a@evil.example", role: "VIEWER" });
    await db().auditEvent.updateMany({ where: { action: "member.invite" }, data: { at: new Date(Date.now() - 61_000) } });
    await inviteMember({ email: "a@evil.example", role: "VIEWER" });
    await inviteMember({ email: "a@evil.example", role: "VIEWER" });
    const rows = await deniedRows("member.invite");
    expect(rows.map((r) => (r.details as { count?: number }).count)).toEqual([1, 2]);
  });

  it("still records each refusal of a signed-in person on its own row, with the actor", async () => {
    const viewer = await fx.createUser("VIEWER");
    fx.actAs(viewer);
    for (let i = 0; i < 3; i++) expect(await inviteMember({ email: "x@team.test", role: "VIEWER" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const rows = await deniedRows("member.invite");
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.actorId === viewer.userId)).toBe(true);
  });
});

afterAll(() => {
  reportFigures({
    suite: "web security",
    counts: { attacks: figures.attacks, attacks_rejected: figures.attacks_rejected },
    rows: [
      ["anonymous action flood", `${FLOOD} calls → ${figures.rowsForFlood} DENIED audit row(s)`],
      ["anonymous route flood", `200 calls → ${figures.routeRows} DENIED audit row(s)`],
    ],
  });
});
