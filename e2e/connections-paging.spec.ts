// The connections list in Chromium with more than a page: 60 connections (rows as the app writes
// them, secret encrypted under the app's key, inserted straight into its database) → 25 on page 1,
// Next → 25, Next → the last 10, Previous → back;
// the filter narrows by Okta domain in any case and is kept while paging. Every step is narrowed
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
