// The connections list in Chromium with more than a page: 60 connections (rows as the app writes
// them, secret encrypted under the app's key, inserted straight into its database) → 25 on page 1,
// Next → 25, Next → the last 10, Previous → back;
// the filter narrows by Okta domain in any case and is kept while paging; a header sorts (on the
// server, in the URL) and Next and the filters keep the order. Every step is narrowed
// to this run's tag, and the rows are deleted at the end, so other specs see the list they made.
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { createConnectionId } from "../lib/connections/ids";
import { encryptClientSecret } from "../lib/connections/secrets";
import { createKeyring } from "../lib/crypto";
import { databaseUrl, localSecrets } from "./support/app-database";
import { SANDBOX_ADMIN, sandboxSecrets } from "./support/sandbox";
import { signIn } from "./support/sign-in";

test.describe.configure({ mode: "serial" });

const tag = `pg${Date.now().toString(36)}`;
const name = (n: number) => `Paging ${tag} #${String(n).padStart(2, "0")}`;
let db: pg.Client;
let page: Page;

test.beforeAll(async ({ browser }) => {
  const keyring = createKeyring(localSecrets().ENCRYPTION_KEY);
  db = new pg.Client({ connectionString: databaseUrl() });
  await db.connect();
  for (let n = 1; n <= 60; n++) {
    const id = createConnectionId();
    // One second apart, so "newest first" is n = 60 … 1.
    await db.query(
      `INSERT INTO "Connection" ("id", "nickname", "oktaDomain", "clientId", "clientSecretEnc", "requestedScopes", "grantedScopes", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, '{}', now() - make_interval(secs => $7), now())`,
      [id, name(n), `p${String(n).padStart(2, "0")}-${tag}.okta.com`, `0oa${n}`, encryptClientSecret(keyring, id, `paging-secret-${n}`), ["okta.realms.read"], 60 - n],
    );
  }
  page = await browser.newPage();
  await signIn(page, SANDBOX_ADMIN, sandboxSecrets().adminPassword);
});

test.afterAll(async () => {
  await db.query(`DELETE FROM "Connection" WHERE "nickname" LIKE $1`, [`Paging ${tag} #%`]);
  await db.end();
  await page.close();
});

const cards = () => page.getByRole("table", { name: "Connections" }).getByRole("rowheader");
const range = () => page.getByTestId("connections-range").first();
const pages = () => page.getByRole("navigation", { name: "Connection pages", exact: true });

test("60 connections: 25 a page, Next to the last 10, and Previous goes back", async () => {
  await page.goto(`/connections?${new URLSearchParams({ q: tag }).toString()}`);
  await expect(range()).toHaveText(`Showing 1–25 of 60 connections matching “${tag}”`);
  await expect(cards()).toHaveCount(25);
  await expect(cards().first()).toHaveText(name(60)); // newest first
  await expect(pages().getByRole("link", { name: "Previous connections" })).toHaveCount(0);

  await pages().getByRole("link", { name: "Next connections" }).click();
  await expect(range()).toHaveText(`Showing 26–50 of 60 connections matching “${tag}”`);
  await expect(cards()).toHaveCount(25);
  await pages().getByRole("link", { name: "Next connections" }).click();
  await expect(range()).toHaveText(`Showing 51–60 of 60 connections matching “${tag}”`);
  await expect(cards()).toHaveCount(10);
  await expect(cards().last()).toHaveText(name(1));
  expect(new URL(page.url()).searchParams.get("q")).toBe(tag);
  await expect(pages().getByRole("link", { name: "Next connections" })).toHaveCount(0);

  await pages().getByRole("link", { name: "Previous connections" }).click();
  await expect(range()).toHaveText(`Showing 26–50 of 60 connections matching “${tag}”`);
  await expect(cards()).toHaveCount(25);
  await expect(cards().first()).toHaveText(name(35));
});

test("the Nickname header sorts A to Z, Next keeps the order, and the sorted header flips it by keyboard", async () => {
  const table = page.getByRole("table", { name: "Connections" });
  const header = (label: string) => table.getByRole("columnheader", { name: label, exact: true });
  const sortLink = table.getByRole("link", { name: "Nickname", exact: true });
  const names = (from: number, to: number) => Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => name(from < to ? from + i : from - i));

  await page.goto(`/connections?${new URLSearchParams({ q: tag }).toString()}`);
  await expect(cards().first()).toHaveText(name(60)); // newest first until a header is chosen
  await expect(header("Nickname")).not.toHaveAttribute("aria-sort");
  await sortLink.click();
  await expect(cards()).toHaveText(names(1, 25));
  await expect(header("Nickname")).toHaveAttribute("aria-sort", "ascending");
  for (const other of ["Okta domain", "Status", "Last authorized", "Scopes"]) await expect(header(other)).not.toHaveAttribute("aria-sort");
  await expect(table.getByRole("link", { name: "Scopes" })).toHaveCount(0); // not sortable
  await expect(range()).toHaveText(`Showing 1–25 of 60 connections matching “${tag}”`);
  expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ q: tag, sort: "nickname", dir: "asc" });

  await pages().getByRole("link", { name: "Next connections" }).click();
  await expect(range()).toHaveText(`Showing 26–50 of 60 connections matching “${tag}”`);
  await expect(cards()).toHaveText(names(26, 50));
  await expect(header("Nickname")).toHaveAttribute("aria-sort", "ascending");
  expect(new URL(page.url()).searchParams.get("sort")).toBe("nickname");

  // Keyboard: the header is a link in the tab order, with a visible focus ring; Enter flips the
  // order and starts again at page 1.
  await sortLink.focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  await expect(sortLink).toBeFocused();
  await expect(sortLink).toHaveCSS("outline-style", "solid");
  await page.keyboard.press("Enter");
  await expect(header("Nickname")).toHaveAttribute("aria-sort", "descending");
  await expect(range()).toHaveText(`Showing 1–25 of 60 connections matching “${tag}”`);
  await expect(cards()).toHaveText(names(60, 36));

  // A new filter keeps the order (and starts at page 1).
  await page.getByRole("search", { name: "Filter connections" }).getByLabel("Status").selectOption("PENDING");
  await expect(page).toHaveURL(/status=PENDING/);
  expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ q: tag, status: "PENDING", sort: "nickname", dir: "desc" });
  await expect(cards().first()).toHaveText(name(60));
  await expect(header("Nickname")).toHaveAttribute("aria-sort", "descending");

  // The Okta domain header starts A to Z (p01… first); "Sort newest first" goes back to the default.
  await table.getByRole("link", { name: "Okta domain", exact: true }).click();
  await expect(header("Okta domain")).toHaveAttribute("aria-sort", "ascending");
  await expect(header("Nickname")).not.toHaveAttribute("aria-sort");
  await expect(cards().first()).toHaveText(name(1));
  await page.getByRole("link", { name: "Sort newest first" }).click();
  await expect(cards().first()).toHaveText(name(60));
  expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ q: tag, status: "PENDING" });
});

test("the filter narrows by Okta domain as you type, ignoring case, and Clear shows everything again", async () => {
  await page.goto("/connections");
  const search = page.getByRole("search", { name: "Filter connections" });
  await search.getByLabel("Nickname or Okta domain contains").pressSequentially(`P07-${tag.toUpperCase()}`);
  await expect(range()).toHaveText(`Showing 1–1 of 1 connection matching “P07-${tag.toUpperCase()}”`);
  expect(new URL(page.url()).searchParams.get("q")).toBe(`P07-${tag.toUpperCase()}`); // bookmarkable
  await expect(cards()).toHaveCount(1);
  await expect(cards().first()).toHaveText(name(7));

  await search.getByRole("link", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/connections$/);
  await expect(range()).toHaveText(/^Showing 1–\d+ of [\d,]+$/);
});

test("the status filter keeps only connections in that status, and keeps it while paging", async () => {
  await db.query(`UPDATE "Connection" SET "status" = 'NEEDS_REAUTH' WHERE "nickname" = $1`, [name(3)]);
  await page.goto(`/connections?${new URLSearchParams({ q: tag }).toString()}`);
  await page.getByRole("search", { name: "Filter connections" }).getByLabel("Status").selectOption("NEEDS_REAUTH");
  await expect(cards()).toHaveText([name(3)]);
  expect(new URL(page.url()).searchParams.get("status")).toBe("NEEDS_REAUTH");
  await page.getByRole("search", { name: "Filter connections" }).getByLabel("Status").selectOption("HEALTHY");
  await expect(cards()).toHaveCount(0);
  await expect(page.getByText("No connection matches this filter.")).toBeVisible();
});
