// The bulk realm move page against the sandbox org: an admin pastes a CSV of logins, previews it (the
// counts, a toast, and who is blocked or not found and why in the job's users table), starts it,
// watches it complete (a toast, the table now says moved), and downloads the per-user results; the
// org then holds the users in the target realm. Data is seeded through the org's API, never the UI.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ALL_SCOPES, authorizedConnection, ssws, type E2eConnection } from "./realms-support/connections";
import { SANDBOX_ADMIN, sandboxSecrets } from "./support/sandbox";
import { signIn } from "./support/sign-in";

const appUrl = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

type Realm = { id: string; profile: { name: string } };
type User = { id: string; realmId?: string; profile: { login: string } };

let connection: E2eConnection;

/** Serious or critical axe violations of the page as it is now, in both colour schemes. */
async function seriousViolations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
    for (const v of violations) if (v.impact === "serious" || v.impact === "critical") found.push(`${colorScheme}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

test.beforeAll(async ({ browser }) => {
  connection = await authorizedConnection(browser, appUrl, "Bulk e2e", ALL_SCOPES);
});

test("CSV of logins: preview counts and users table, start, complete with progress numbers and toasts, results CSV", async ({ page, browser }) => {
  const t = randomBytes(3).toString("hex");
  // Only example.com users may join: one user of the CSV is blocked by that.
  const realm = await ssws<Realm>(browser, "POST", "/api/v1/realms", { profile: { name: `Bulk target ${t}`, domains: ["example.com"] } });
  expect(realm.status).toBe(200);
  const logins = [1, 2, 3].map((n) => `bulk${n}-${t}@example.com`);
  const users: User[] = [];
  for (const login of logins) {
    const res = await ssws<User>(browser, "POST", "/api/v1/users?activate=false", { profile: { login, email: login, firstName: "Bulk", lastName: `User ${t}` } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    users.push(res.body);
  }
  const outsider = `outsider-${t}@other.example`;
  const blocked = await ssws<User>(browser, "POST", "/api/v1/users?activate=false", { profile: { login: outsider, email: outsider, firstName: "Out", lastName: `Sider ${t}` } });
  expect(blocked.status, JSON.stringify(blocked.body)).toBe(200);
  const ghost = `ghost-${t}@example.com`;
  const entries = ["login", ...logins, outsider, ghost].join("\n");

  await signIn(page, SANDBOX_ADMIN, sandboxSecrets().adminPassword);
  await page.goto(`/connections/${connection.id}/bulk`);
  await page.getByLabel("or paste logins or user ids").fill(entries);
  await page.getByRole("combobox", { name: "Target realm" }).fill(`Bulk target ${t}`);
  await expect(page.getByText(`Chosen: Bulk target ${t}`)).toBeVisible(); // the exact name picks it once the search answers
  await page.getByLabel(/Share of the org's API budget/).fill("80");
  await page.getByRole("button", { name: "Preview (dry run)" }).click();

  // The preview runs as a job: the page follows it, then shows the counts, what it cost and the plan.
  const job = page.getByRole("region", { name: "Bulk move job" });
  await expect(job.getByText(/Preview: 3 will move, 0 already there .* 1 blocked .* 1 not found\./)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("toast").filter({ hasText: "Preview ready: 3 will move, 1 blocked, 1 not found" })).toBeVisible();
  await expect(job.getByText(/The preview spent \d+ Okta requests\. Moving them takes 3 requests/)).toBeVisible();
  // The job is titled with the realm's name; the form keeps what the admin set.
  await expect(job.getByRole("heading")).toContainText(`→ Bulk target ${t}`);
  await expect(page.getByRole("combobox", { name: "Target realm" })).toHaveValue(`Bulk target ${t}`);
  await expect(page.getByLabel(/Share of the org's API budget/)).toHaveValue("80");
  await expect(page.getByLabel("or paste logins or user ids")).toHaveValue(entries);

  // Who will move, who is blocked and who wasn't found, each with the reason, in the job's users table.
  const items = page.getByRole("table", { name: "Users in this job" });
  const row = (entry: string) => items.getByRole("row").filter({ has: page.getByRole("rowheader", { name: entry, exact: true }) });
  await expect(items.getByRole("row")).toHaveCount(1 + 5);
  await expect(row(logins[0] ?? "")).toContainText("Will move");
  await expect(row(outsider)).toContainText("Blocked");
  await expect(row(outsider)).toContainText(`The realm "Bulk target ${t}" only allows usernames in example.com.`);
  await expect(row(outsider).getByRole("button", { name: `Copy Okta user id: ${blocked.body.id}` })).toBeVisible();
  await expect(row(ghost)).toContainText("Not found");
  await expect(row(ghost)).toContainText("No user with this login, email or id.");
  // The state filter narrows it to the blocked entry.
  await page.getByLabel("State").selectOption({ label: "Blocked (1)" });
  await expect(items.getByRole("row")).toHaveCount(2);
  await expect(row(outsider)).toBeVisible();
  await page.getByLabel("State").selectOption({ label: "All (5)" });
  await expect(items.getByRole("row")).toHaveCount(1 + 5);
  // The job panel and its users table pass axe, and at 390 px the table scrolls in its box, not the page.
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  await page.setViewportSize({ width: 1280, height: 720 });
  await job.getByRole("button", { name: "Start moving 3 users" }).click();

  await expect(page.getByTestId("toast").filter({ hasText: `Started moving 3 users to Bulk target ${t}` })).toBeVisible();
  await expect(job.getByRole("heading")).toContainText("(completed)", { timeout: 45_000 });
  await expect(page.getByTestId("toast").filter({ hasText: `Moved 3 users to Bulk target ${t}` })).toHaveCount(1);
  // The list of jobs follows too: this one is not left as queued or previewing.
  const recentRow = page.getByRole("table", { name: "Recent jobs" }).getByRole("row").filter({ hasText: `→ Bulk target ${t}` });
  await expect(recentRow).toContainText("Completed", { timeout: 10_000 });
  await expect(recentRow.getByRole("cell").nth(1)).toHaveText("5"); // created, users, status, open
  await expect(job.getByText("Done 3 · skipped 2 · failed 0 · remaining 0")).toBeVisible();
  // The users table is re-read when the job finishes: the three are moved, the others kept their reason.
  for (const login of logins) await expect(row(login)).toContainText("Moved");
  await expect(row(outsider)).toContainText("Blocked");
  await expect(job.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");

  const [download] = await Promise.all([page.waitForEvent("download"), job.getByRole("link", { name: "Download results (CSV)" }).click()]);
  const csv = readFileSync(await download.path(), "utf8");
  for (const login of logins) expect(csv).toContain(login);
  expect(csv).toContain(ghost);
  expect(csv.split(/\r?\n/).filter((line) => /MOVED/i.test(line))).toHaveLength(3);

  // What Okta now holds.
  for (const user of users) {
    const now = await ssws<User>(browser, "GET", `/api/v1/users/${user.id}`);
    expect(now.body.realmId).toBe(realm.body.id);
  }
});
