// The connections page's listing: keyset pages (25) in (createdAt desc, id desc) order by default
// and in every order the user can sort by, the nickname/domain and status filters, and the
// positions behind "Showing 51–60 of 60". Other suites share this
// database, so every query here is narrowed to this run's tag.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { createKeyring, type Keyring } from "@/lib/crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { CONNECTION_PAGE_SIZE, connectionListParams, decodeConnectionCursor, encodeConnectionCursor, listConnectionPage, type ConnectionListParams } from "./list-page";
import { CONNECTION_SORTS, DEFAULT_CONNECTION_ORDER, type ConnectionSort, type SortDirection } from "./list-sort";
import { createConnection } from "./repository";
import { newKey, prismaFor } from "./testing/fixtures";

const tag = `pg${randomBytes(3).toString("hex")}`;
const COUNT = 60;
let db: PrismaClient;
let keyring: Keyring;
/** Ids in the order the page must show them: newest first, ties on createdAt by id, descending. */
let expectedOrder: string[] = [];

beforeAll(async () => {
  db = prismaFor(testDatabaseUrl());
  keyring = createKeyring(newKey());
  for (let i = 1; i <= COUNT; i++) {
    await createConnection(
      { db, keyring },
      { nickname: `Acme ${tag} #${i}`, oktaDomain: `org${i}-${tag}.oktapreview.com`, clientId: `0oa${i}`, clientSecret: `secret-${i}`, requestedScopes: ["okta.realms.read"], createdById: null },
    );
  }
  // Three creation instants, 20 connections each: a page boundary falls inside a tie, where only
  // the id decides the order.
  const baseSeconds = Date.UTC(2026, 0, 1) / 1000;
  await db.$executeRaw`UPDATE "Connection" SET "createdAt" = to_timestamp(${baseSeconds}::int + substring("nickname" from '#(\\d+)$')::int % 3) AT TIME ZONE 'UTC'
    WHERE "nickname" LIKE ${`Acme ${tag} #%`}`;
  const rows = await db.connection.findMany({ where: { nickname: { startsWith: `Acme ${tag} #` } }, select: { id: true, createdAt: true } });
  expectedOrder = rows
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((r) => r.id);
  expect(new Set(rows.map((r) => r.createdAt.getTime())).size).toBe(3);
});

afterAll(async () => {
  await db.connection.deleteMany({ where: { nickname: { startsWith: `Acme ${tag} #` } } });
  await db.$disconnect();
});

describe("listConnectionPage", () => {
  it("pages 60 connections as 25, 25 and 10, newest first, with positions and both links", async () => {
    expect(CONNECTION_PAGE_SIZE).toBe(25);
    const one = await listConnectionPage(db, { q: tag });
    expect(one.rows.map((r) => r.id)).toEqual(expectedOrder.slice(0, 25));
    expect(one).toMatchObject({ total: COUNT, offset: 0 });
    expect(one.previous).toBeUndefined();

    const two = await listConnectionPage(db, { q: tag, after: one.next });
    expect(two.rows.map((r) => r.id)).toEqual(expectedOrder.slice(25, 50));
    expect(two).toMatchObject({ total: COUNT, offset: 25 });

    const three = await listConnectionPage(db, { q: tag, after: two.next });
    expect(three.rows.map((r) => r.id)).toEqual(expectedOrder.slice(50));
    expect(three).toMatchObject({ total: COUNT, offset: 50 });
    expect(three.next).toBeUndefined();

    const back = await listConnectionPage(db, { q: tag, before: three.previous });
    expect(back.rows.map((r) => r.id)).toEqual(expectedOrder.slice(25, 50));
    expect(back.offset).toBe(25);
    const first = await listConnectionPage(db, { q: tag, before: back.previous });
    expect(first.rows.map((r) => r.id)).toEqual(expectedOrder.slice(0, 25));
    expect(first.offset).toBe(0);
    expect(first.previous).toBeUndefined();
  });

  it("a page size of 50 shows 50 then 10", async () => {
    const one = await listConnectionPage(db, { q: tag }, 50);
    expect(one.rows.map((r) => r.id)).toEqual(expectedOrder.slice(0, 50));
    const two = await listConnectionPage(db, { q: tag, after: one.next }, 50);
    expect(two.rows.map((r) => r.id)).toEqual(expectedOrder.slice(50));
    expect(two).toMatchObject({ total: COUNT, offset: 50 });
    expect(two.next).toBeUndefined();
  });

  it("smaller pages go forward and back through ties without repeating or skipping a row", async () => {
    const seen: string[] = [];
    let page = await listConnectionPage(db, { q: tag }, 7);
    const offsets = [page.offset];
    seen.push(...page.rows.map((r) => r.id));
    while (page.next) {
      page = await listConnectionPage(db, { q: tag, after: page.next }, 7);
      offsets.push(page.offset);
      seen.push(...page.rows.map((r) => r.id));
    }
    expect(seen).toEqual(expectedOrder);
    expect(offsets).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56]);

    const backwards: string[][] = [page.rows.map((r) => r.id)];
    while (page.previous) {
      page = await listConnectionPage(db, { q: tag, before: page.previous }, 7);
      backwards.unshift(page.rows.map((r) => r.id));
    }
    // Going back ends on a full first page (the 60 don't divide by 7, so the boundaries shift).
    expect(page.offset).toBe(0);
    expect(page.rows.map((r) => r.id)).toEqual(expectedOrder.slice(0, 7));
    expect(new Set(backwards.flat())).toEqual(new Set(expectedOrder));
  });

  it("a connection created between two clicks shows on page 1 and does not push a row off page 2", async () => {
    const one = await listConnectionPage(db, { q: tag }, 50);
    const late = await createConnection(
      { db, keyring },
      { nickname: `Acme ${tag} #late`, oktaDomain: `late-${tag}.okta.com`, clientId: "0oaL", clientSecret: "s", requestedScopes: [], createdById: null },
    );
    try {
      const two = await listConnectionPage(db, { q: tag, after: one.next }, 50);
      expect(two.rows.map((r) => r.id)).toEqual(expectedOrder.slice(50));
      expect(two).toMatchObject({ total: COUNT + 1, offset: 51 });
      expect((await listConnectionPage(db, { q: tag })).rows[0]?.id).toBe(late.id);
    } finally {
      await db.connection.delete({ where: { id: late.id } });
    }
  });

  it("filters by nickname or Okta domain, ignoring case; % and _ are plain characters", async () => {
    expect((await listConnectionPage(db, { q: `acme ${tag.toUpperCase()} #60` })).rows.map((r) => r.nickname)).toEqual([`Acme ${tag} #60`]);
    const byDomain = await listConnectionPage(db, { q: `ORG17-${tag.toUpperCase()}.OKTAPREVIEW` });
    expect(byDomain.rows.map((r) => r.oktaDomain)).toEqual([`org17-${tag}.oktapreview.com`]);
    expect(byDomain).toMatchObject({ total: 1, offset: 0 });
    expect(byDomain.next).toBeUndefined();
    for (const wildcard of [`${tag} #%`, `Acme_${tag}`, `${tag}\\`]) expect((await listConnectionPage(db, { q: wildcard })).total).toBe(0);
    expect((await listConnectionPage(db, { q: `nothing-${tag}` })).rows).toEqual([]);
  });

  it("the status filter keeps only connections in that status, combined with the text filter and paging", async () => {
    const [a, b] = [expectedOrder[3], expectedOrder[40]];
    await db.connection.updateMany({ where: { id: { in: [a ?? "", b ?? ""] } }, data: { status: "NEEDS_REAUTH" } });
    try {
      const needs = await listConnectionPage(db, { q: tag, status: "NEEDS_REAUTH" }, 1);
      expect(needs.rows.map((r) => r.id)).toEqual([a]);
      expect(needs).toMatchObject({ total: 2, offset: 0 });
      expect((await listConnectionPage(db, { q: tag, status: "NEEDS_REAUTH", after: needs.next }, 1)).rows.map((r) => r.id)).toEqual([b]);
      expect((await listConnectionPage(db, { q: tag, status: "PENDING" })).total).toBe(COUNT - 2);
      expect(connectionListParams.parse({ status: "nonsense" }).status).toBeUndefined();
    } finally {
      await db.connection.updateMany({ where: { id: { in: [a ?? "", b ?? ""] } }, data: { status: "PENDING" } });
    }
  });

  it("search params are validated: a forged or oversized cursor and a long filter fall back safely", async () => {
    expect(decodeConnectionCursor(DEFAULT_CONNECTION_ORDER, "not-a-cursor")).toBeUndefined();
    expect(decodeConnectionCursor(DEFAULT_CONNECTION_ORDER, Buffer.from("2026-01-01T00:00:00.000Z|x|y").toString("base64url"))).toBeUndefined();
    expect(decodeConnectionCursor(DEFAULT_CONNECTION_ORDER, Buffer.from('["created.desc",7,"x"]').toString("base64url"))).toBeUndefined();
    const params = connectionListParams.parse({ q: "x".repeat(500), after: "y".repeat(1500), before: ["a"], sort: "clientSecretEnc", dir: "sideways" });
    expect(params).toEqual({ q: undefined, after: undefined, before: undefined, sort: undefined, dir: undefined });
    const forged = await listConnectionPage(db, { q: tag, after: Buffer.from("yesterday|abc").toString("base64url") });
    expect(forged.rows.map((r) => r.id)).toEqual(expectedOrder.slice(0, CONNECTION_PAGE_SIZE));
    // A cursor past the last row: an empty page that still knows the total (the page offers page 1).
    const oldest = encodeConnectionCursor(DEFAULT_CONNECTION_ORDER, { value: new Date(0).toISOString(), id: "c" });
    expect(await listConnectionPage(db, { q: tag, after: oldest })).toMatchObject({ rows: [], total: COUNT, offset: COUNT });
  });
});

// Forty connections whose columns tie in groups (6 domains, 4 statuses, 4 authorization instants
// plus never, 5 creation instants) and whose nicknames are a shuffle of their creation order, walked
// 7 at a time so page boundaries fall inside ties and across runs (a status, the never-authorized).
describe("listConnectionPage sorted by a column", () => {
  const sortTag = `so${randomBytes(3).toString("hex")}`;
  const SORTED = 40;
  const PAGE = 7;
  type Row = { id: string; nickname: string; oktaDomain: string; status: string; lastAuthorizedAt: Date | null; createdAt: Date };
  let rows: Row[] = [];
  const STATUS_ORDER = ["PENDING", "HEALTHY", "DEGRADED", "NEEDS_REAUTH"];
  const statusFor = (i: number) => (i % 10 === 0 ? "NEEDS_REAUTH" : i % 10 <= 2 ? "DEGRADED" : i % 10 <= 6 ? "HEALTHY" : "PENDING") as "PENDING";
  const base = Date.UTC(2026, 1, 1);

  beforeAll(async () => {
    for (let i = 1; i <= SORTED; i++) {
      const created = await createConnection(
        { db, keyring },
        {
          nickname: `Sort ${sortTag} n${String((i * 17) % 41).padStart(2, "0")}`,
          oktaDomain: `d${i % 6}-${sortTag}.example.com`,
          clientId: `0oa${i}`,
          clientSecret: `secret-${i}`,
          requestedScopes: [],
          createdById: null,
        },
      );
      await db.connection.update({
        where: { id: created.id },
        data: { status: statusFor(i), lastAuthorizedAt: i % 3 === 0 ? null : new Date(base + (i % 4) * 3_600_000), createdAt: new Date(base + (i % 5) * 1000) },
      });
    }
    rows = await db.connection.findMany({ where: { nickname: { startsWith: `Sort ${sortTag} ` } }, select: { id: true, nickname: true, oktaDomain: true, status: true, lastAuthorizedAt: true, createdAt: true } });
    expect(rows).toHaveLength(SORTED);
  });

  afterAll(async () => {
    await db.connection.deleteMany({ where: { nickname: { startsWith: `Sort ${sortTag} ` } } });
  });

  /** The rule, written out independently: by the column (C collation: code units), nulls last both ways, ties by id the same way. */
  const valueOf = (row: Row, sort: ConnectionSort): string | number | null =>
    sort === "nickname" ? row.nickname
    : sort === "domain" ? row.oktaDomain
    : sort === "status" ? STATUS_ORDER.indexOf(row.status)
    : sort === "lastAuthorized" ? (row.lastAuthorizedAt?.getTime() ?? null)
    : row.createdAt.getTime();
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  function expected(sort: ConnectionSort, dir: SortDirection, keep: (row: Row) => boolean = () => true): string[] {
    const sign = dir === "asc" ? 1 : -1;
    return rows
      .filter(keep)
      .sort((a, b) => {
        const [va, vb] = [valueOf(a, sort), valueOf(b, sort)];
        if (va === null || vb === null) {
          if (va !== vb) return va === null ? 1 : -1;
          return sign * cmp(a.id, b.id);
        }
        return sign * (cmp(va, vb) || cmp(a.id, b.id));
      })
      .map((r) => r.id);
  }

  /** Next to the end, then Previous back to the start: the pages, their offsets, and the way back. */
  async function walk(params: ConnectionListParams, size = PAGE) {
    const pages: string[][] = [];
    const offsets: number[] = [];
    let page = await listConnectionPage(db, params, size);
    const totals = new Set([page.total]);
    for (;;) {
      pages.push(page.rows.map((r) => r.id));
      offsets.push(page.offset);
      if (!page.next) break;
      if (pages.length > SORTED) throw new Error("Next never reached the end");
      page = await listConnectionPage(db, { ...params, after: page.next }, size);
      totals.add(page.total);
    }
    const back: string[][] = [page.rows.map((r) => r.id)];
    const backOffsets = [page.offset];
    while (page.previous) {
      if (back.length > SORTED) throw new Error("Previous never reached the start");
      page = await listConnectionPage(db, { ...params, before: page.previous }, size);
      back.unshift(page.rows.map((r) => r.id));
      backOffsets.unshift(page.offset);
    }
    return { pages, offsets, back, backOffsets, totals: [...totals] };
  }

  const orders = CONNECTION_SORTS.flatMap((sort) => (["asc", "desc"] as const).map((dir) => ({ sort, dir })));

  it.each(orders)("$sort $dir: Next visits every row once in order, Previous walks back through the same pages", async ({ sort, dir }) => {
    const want = expected(sort, dir);
    const { pages, offsets, back, backOffsets, totals } = await walk({ q: sortTag, sort, dir });
    expect(pages.flat()).toEqual(want);
    expect(pages.every((p) => p.length === PAGE || p === pages.at(-1))).toBe(true);
    expect(offsets).toEqual([0, 7, 14, 21, 28, 35]);
    expect(totals).toEqual([SORTED]);
    expect(back).toEqual(pages);
    expect(backOffsets).toEqual(offsets);
  });

  it.each(orders)("$sort $dir: the status and text filters still apply while sorted and paged", async ({ sort, dir }) => {
    const healthy = await walk({ q: sortTag, status: "HEALTHY", sort, dir });
    expect(healthy.pages.flat()).toEqual(expected(sort, dir, (r) => r.status === "HEALTHY"));
    expect(healthy.back).toEqual(healthy.pages);
    const domain = `D2-${sortTag.toUpperCase()}`;
    const byDomain = await walk({ q: domain, sort, dir });
    expect(byDomain.pages.flat()).toEqual(expected(sort, dir, (r) => r.oktaDomain.startsWith(`d2-${sortTag}`)));
  });

  it("never-authorized connections come last whichever way Last authorized is sorted; a page spans the two", async () => {
    const never = rows.filter((r) => r.lastAuthorizedAt === null).map((r) => r.id);
    for (const dir of ["asc", "desc"] as const) {
      const seen = (await walk({ q: sortTag, sort: "lastAuthorized", dir })).pages;
      expect(new Set(seen.flat().slice(-never.length))).toEqual(new Set(never));
      const spanning = seen.find((p) => p.some((id) => never.includes(id)) && p.some((id) => !never.includes(id)));
      expect(spanning).toBeDefined();
    }
    const newest = rows.filter((r) => r.lastAuthorizedAt).sort((a, b) => (b.lastAuthorizedAt?.getTime() ?? 0) - (a.lastAuthorizedAt?.getTime() ?? 0))[0];
    expect((await listConnectionPage(db, { q: sortTag, sort: "lastAuthorized" }, PAGE)).rows[0]?.lastAuthorizedAt).toEqual(newest?.lastAuthorizedAt);
  });

  it("rows tied on the column are ordered by id, the same way as the column", async () => {
    for (const dir of ["asc", "desc"] as const) {
      const { pages } = await walk({ q: `d3-${sortTag}`, sort: "domain", dir }, 3);
      expect(pages.length).toBeGreaterThan(1); // the tie spans page boundaries
      const listed = pages.flat();
      expect(listed).toEqual([...listed].sort((a, b) => (dir === "asc" ? cmp(a, b) : cmp(b, a))));
    }
  });

  it("a cursor made for another order is ignored: the first page of the order asked for", async () => {
    const byNickname = await listConnectionPage(db, { q: sortTag, sort: "nickname", dir: "asc" }, PAGE);
    const second = await listConnectionPage(db, { q: sortTag, sort: "nickname", dir: "asc", after: byNickname.next }, PAGE);
    expect(second.offset).toBe(PAGE);
    for (const other of [
      { sort: "domain", dir: "asc" },
      { sort: "nickname", dir: "desc" },
      { sort: "created", dir: "desc" },
    ] as const) {
      for (const cursor of [{ after: byNickname.next }, { before: second.previous }]) {
        const page = await listConnectionPage(db, { q: sortTag, ...other, ...cursor }, PAGE);
        expect(page.offset).toBe(0);
        expect(page.rows.map((r) => r.id)).toEqual(expected(other.sort, other.dir).slice(0, PAGE));
      }
    }
    // A forged value that fits no run of the order (a status that does not exist) is no cursor either.
    const forged = encodeConnectionCursor({ sort: "status", dir: "asc" }, { value: "ROOT", id: "x" });
    expect((await listConnectionPage(db, { q: sortTag, sort: "status", dir: "asc", after: forged }, PAGE)).offset).toBe(0);
  });

  it("no sort asked for is newest first; a column without a direction takes its first direction", async () => {
    expect((await listConnectionPage(db, { q: sortTag }, PAGE)).rows.map((r) => r.id)).toEqual(expected("created", "desc").slice(0, PAGE));
    expect((await listConnectionPage(db, { q: sortTag, sort: "nickname" }, PAGE)).rows.map((r) => r.id)).toEqual(expected("nickname", "asc").slice(0, PAGE));
    expect((await listConnectionPage(db, { q: sortTag, dir: "asc" }, PAGE)).rows.map((r) => r.id)).toEqual(expected("created", "asc").slice(0, PAGE));
  });
});
