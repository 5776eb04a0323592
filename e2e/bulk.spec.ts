// The bulk realm move page against the sandbox org: an admin pastes a CSV of logins, previews it (the
// counts), starts it, watches it complete, and downloads the per-user results; the org then holds
// the users in the target realm. Data is seeded through the org's API, never the UI.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ALL_SCOPES, authorizedConnection, ssws, type E2eConnection } from "./realms-support/connections";
import { SANDBOX_ADMIN, sandboxSecrets } from "./support/sandbox";
import { signIn } from "./support/sign-in";

const appUrl = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

type Realm = { id: string; profile: { name: string } };
type User = { id: string; realmId?: string; profile: { login: string } };

let connection: E2eConnection;

test.beforeAll(async ({ browser }) => {
  connection = await authorizedConnection(browser, appUrl, "Bulk e2e", ALL_SCOPES);
});

test("CSV of logins: preview counts, start, complete with progress numbers, results CSV", async ({ page, browser }) => {
  const t = randomBytes(3).toString("hex");
  const realm = await ssws<Realm>(browser, "POST", "/api/v1/realms", { profile: { name: `Bulk target ${t}` } });
  expect(realm.status).toBe(200);
  const logins = [1, 2, 3].map((n) => `bulk${n}-${t}@example.com`);
  const users: User[] = [];
  for (const login of logins) {
    const res = await ssws<User>(browser, "POST", "/api/v1/users?activate=false", { profile: { login, email: login, firstName: "Bulk", lastName: `User ${t}` } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    users.push(res.body);
  }
  const ghost = `ghost-${t}@example.com`;

  await signIn(page, SANDBOX_ADMIN, sandboxSecrets().adminPassword);
  await page.goto(`/connections/${connection.id}/bulk`);
  await page.getByLabel("or paste logins or user ids").fill(["login", ...logins, ghost].join("\n"));
  await page.getByRole("combobox", { name: "Target realm" }).fill(`Bulk target ${t}`);
  await expect(page.getByText(`Chosen: Bulk target ${t}`)).toBeVisible(); // the exact name picks it once the search answers
  await page.getByLabel(/Share of the org's API budget/).fill("80");
  await page.getByRole("button", { name: "Preview (dry run)" }).click();

  // The preview runs as a job: the page follows it, then shows the counts, what it cost and the plan.
  const job = page.getByRole("region", { name: "Bulk move job" });
  await expect(job.getByText(/Preview: 3 will move, 0 already there .* 0 blocked .* 1 not found\./)).toBeVisible({ timeout: 30_000 });
  await expect(job.getByText(/The preview spent \d+ Okta requests\. Moving them takes 3 requests/)).toBeVisible();
  // The job is titled with the realm's name; the form keeps what the admin set.
  await expect(job.getByRole("heading")).toContainText(`→ Bulk target ${t}`);
  await expect(page.getByRole("combobox", { name: "Target realm" })).toHaveValue(`Bulk target ${t}`);
  await expect(page.getByLabel(/Share of the org's API budget/)).toHaveValue("80");
  await expect(page.getByLabel("or paste logins or user ids")).toHaveValue(["login", ...logins, ghost].join("\n"));
  await job.getByRole("button", { name: "Start moving 3 users" }).click();

  await expect(job.getByRole("heading")).toContainText("(completed)", { timeout: 45_000 });
  // The list of jobs follows too: this one is not left as queued or previewing.
  await expect(page.getByRole("button", { name: new RegExp(`4 users → Bulk target ${t} \\(completed\\)`) })).toBeVisible({ timeout: 10_000 });
  await expect(job.getByText("Done 3 · skipped 1 · failed 0 · remaining 0")).toBeVisible();
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
