// The connections page's listing: keyset pages (25) in (createdAt desc, id desc) order, the
// nickname/domain filter, and the positions behind "Showing 51–60 of 60". Other suites share this
// database, so every query here is narrowed to this run's tag.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { createKeyring, type Keyring } from "@/lib/crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { CONNECTION_PAGE_SIZE, connectionListParams, decodeConnectionCursor, encodeConnectionCursor, listConnectionPage } from "./list-page";
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
    expect(decodeConnectionCursor("not-a-cursor")).toBeUndefined();
    expect(decodeConnectionCursor(Buffer.from("2026-01-01T00:00:00.000Z|x|y").toString("base64url"))).toBeUndefined();
    const params = connectionListParams.parse({ q: "x".repeat(500), after: "y".repeat(500), before: ["a"] });
    expect(params).toEqual({ q: undefined, after: undefined, before: undefined });
    const forged = await listConnectionPage(db, { q: tag, after: Buffer.from("yesterday|abc").toString("base64url") });
    expect(forged.rows.map((r) => r.id)).toEqual(expectedOrder.slice(0, CONNECTION_PAGE_SIZE));
    // A cursor past the last row: an empty page that still knows the total (the page offers page 1).
    const oldest = encodeConnectionCursor({ createdAt: new Date(0), id: "c" });
    expect(await listConnectionPage(db, { q: tag, after: oldest })).toMatchObject({ rows: [], total: COUNT, offset: COUNT });
  });
});
