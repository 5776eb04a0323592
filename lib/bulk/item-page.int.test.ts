// The bulk page's items table reads a job's items a page at a time (keyset on the item's position)
// from a real Postgres: every item shows exactly once across the pages, in file order, a state filter
// shows only that state (and all of it), and another connection's job is not readable.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { ITEM_PAGE_SIZE, type ItemFilter } from "./item-filter";
import { createBulkPool } from "./pool";
import { BulkRefusal, bulkItemPage, type BulkItemView } from "./service";
import { createPreviewJob, finishItem } from "./store";
import type { PreviewItem } from "./types";

let pool: pg.Pool;
let connectionId: string;
let jobId: string;
const TOTAL = 137;

/** Entry n: every 7th blocked, every 11th not found, every 13th already there, the rest will move. */
function entry(n: number): PreviewItem {
  const input = `user${n}@example.com`;
  const found = { input, userId: `00u${n}`, login: input, email: input, fromRealmId: null };
  if (n % 7 === 0) return { ...found, status: "BLOCKED", message: `${input} is not in the realm's allowed domains.` };
  if (n % 11 === 0) return { input, userId: null, login: null, email: null, fromRealmId: null, status: "NOT_FOUND", message: "No user with this login, email or id." };
  if (n % 13 === 0) return { ...found, status: "SKIPPED", message: "Already in the realm." };
  return { ...found, status: "PENDING", message: null };
}

async function newConnection(): Promise<string> {
  const id = `items-${randomBytes(4).toString("hex")}`;
  await pool.query(
    `INSERT INTO "Connection" ("id", "nickname", "oktaDomain", "clientId", "clientSecretEnc", "requestedScopes", "grantedScopes", "status", "updatedAt")
     VALUES ($1, $1, 'example.okta.com', 'x', 'x', '{}', '{}', 'HEALTHY', now())`,
    [id],
  );
  return id;
}

/** Every page of the filter, following nextAfter as the page does. */
async function allPages(filter: ItemFilter): Promise<{ pages: BulkItemView[][]; items: BulkItemView[] }> {
  const pages: BulkItemView[][] = [];
  let after = 0;
  for (;;) {
    const page = await bulkItemPage({ pool }, connectionId, jobId, filter, after);
    pages.push(page.items);
    if (page.nextAfter === null) break;
    expect(page.nextAfter).toBe(page.items.at(-1)?.seq);
    after = page.nextAfter;
    if (pages.length > 10) throw new Error("paging did not end");
  }
  return { pages, items: pages.flat() };
}

beforeAll(async () => {
  pool = createBulkPool(testDatabaseUrl(), 2);
  connectionId = await newConnection();
  const items = Array.from({ length: TOTAL }, (_, k) => entry(k + 1));
  jobId = await createPreviewJob(pool, {
    connectionId,
    targetRealmId: "guo-items",
    targetRealmName: "Staff",
    selectionKind: "csv",
    selectionSummary: "items.csv",
    maxApiCapacity: 90,
    lanes: 4,
    createdById: null,
    createdByEmail: null,
    items,
  });
  // Two users already moved and one refused by Okta, as the worker records them.
  await finishItem(pool, jobId, 1, { status: "MOVED" });
  await finishItem(pool, jobId, 2, { status: "MOVED" });
  await finishItem(pool, jobId, 3, { status: "FAILED", message: "Okta refused: the user is locked.", oktaRequestId: "req-3" });
});
afterAll(async () => {
  await pool.query(`DELETE FROM "Connection" WHERE "id" = $1`, [connectionId]);
  await pool.end();
});

describe("a job's items, a page at a time", () => {
  it("shows every item exactly once across the pages, in file order, at most 50 a page", async () => {
    const { pages, items } = await allPages("all");
    expect(pages.map((p) => p.length)).toEqual([ITEM_PAGE_SIZE, ITEM_PAGE_SIZE, TOTAL - 2 * ITEM_PAGE_SIZE]);
    expect(items.map((i) => i.seq)).toEqual(Array.from({ length: TOTAL }, (_, k) => k + 1));
    expect(items.map((i) => i.input)).toEqual(Array.from({ length: TOTAL }, (_, k) => `user${k + 1}@example.com`));
  });

  it("a state filter shows that state's items only, each once, with their reason", async () => {
    const expected = (test: (n: number) => boolean) => Array.from({ length: TOTAL }, (_, k) => k + 1).filter(test);
    const blocked = await allPages("blocked");
    expect(blocked.items.map((i) => i.seq)).toEqual(expected((n) => n % 7 === 0));
    expect(blocked.items[0]).toMatchObject({ status: "BLOCKED", login: "user7@example.com", userId: "00u7", message: "user7@example.com is not in the realm's allowed domains." });

    const notFound = await allPages("notFound");
    expect(notFound.items.map((i) => i.seq)).toEqual(expected((n) => n % 11 === 0 && n % 7 !== 0));
    expect(notFound.items.every((i) => i.status === "NOT_FOUND" && i.userId === null && i.message === "No user with this login, email or id.")).toBe(true);

    const pending = await allPages("pending");
    const willMove = expected((n) => n > 3 && n % 7 !== 0 && n % 11 !== 0 && n % 13 !== 0);
    expect(willMove.length).toBeGreaterThan(ITEM_PAGE_SIZE); // so the filtered list pages too
    expect(pending.pages.length).toBe(Math.ceil(willMove.length / ITEM_PAGE_SIZE));
    expect(pending.items.map((i) => i.seq)).toEqual(willMove);

    expect((await allPages("moved")).items.map((i) => i.seq)).toEqual([1, 2]);
    expect((await allPages("failed")).items).toEqual([
      { seq: 3, input: "user3@example.com", userId: "00u3", login: "user3@example.com", email: "user3@example.com", status: "FAILED", message: "Okta refused: the user is locked.", oktaRequestId: "req-3" },
    ]);
    expect((await allPages("cancelled")).items).toEqual([]);
  });

  it("a page past the last item is empty, and no other connection reads the job", async () => {
    expect(await bulkItemPage({ pool }, connectionId, jobId, "all", TOTAL)).toEqual({ items: [], nextAfter: null });
    const other = await newConnection();
    try {
      await expect(bulkItemPage({ pool }, other, jobId, "all", 0)).rejects.toBeInstanceOf(BulkRefusal);
    } finally {
      await pool.query(`DELETE FROM "Connection" WHERE "id" = $1`, [other]);
    }
  });
});
