// Realm administration against the sandbox Okta org, through connections authorized with the real
// code flow (e2e/realms-support/connections.ts). Data is seeded through the org's API and control
// plane, never the UI, and every check is on what an admin sees (or what Okta then holds).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ALL_SCOPES, BASE_SCOPES, authorizedConnection, ssws, type E2eConnection } from "./realms-support/connections";
import { SANDBOX_ADMIN, sandboxSecrets, sandboxUrl } from "./support/sandbox";
import { signIn } from "./support/sign-in";

const appUrl = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
const tag = () => randomBytes(3).toString("hex");

type Realm = { id: string; profile: { name: string; realmType?: string; domains?: string[] } };
type User = { id: string; realmId?: string; profile: Record<string, unknown> };

let full: E2eConnection;
let limited: E2eConnection;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  full = await authorizedConnection(browser, appUrl, "Realms e2e", ALL_SCOPES);
  limited = await authorizedConnection(browser, appUrl, "No users.manage", BASE_SCOPES);
});

async function control(browser: Browser, method: "POST" | "PUT", route: string, data: unknown): Promise<void> {
  const context = await browser.newContext();
  const res = await context.request.fetch(`${sandboxUrl()}/__sandbox${route}`, { method, headers: { Authorization: `SSWS ${sandboxSecrets().apiToken}` }, data });
  expect(res.ok(), `${route}: ${res.status()}`).toBe(true);
  await context.close();
}

async function seedRealm(browser: Browser, profile: Realm["profile"]): Promise<Realm> {
  const res = await ssws<Realm>(browser, "POST", "/api/v1/realms", { profile });
  expect(res.status).toBe(200);
  return res.body;
}

async function seedUser(browser: Browser, profile: Record<string, string>, realmId?: string): Promise<User> {
  const res = await ssws<User>(browser, "POST", "/api/v1/users?activate=false", { profile, ...(realmId ? { realmId } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** The realm picker: typing part of the name lists matches (type and domains shown); choosing one sets it. */
async function chooseRealm(page: Page, name: string, domains?: string): Promise<void> {
  const picker = page.getByRole("combobox", { name: "Move to realm" });
  await expect(picker).toBeEnabled();
  await picker.fill(name.slice(0, -1));
  const option = page.getByRole("option", { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")},`) });
  if (domains) await expect(option).toContainText(domains);
  await option.click();
  await expect(picker).toHaveValue(name);
}

const realmsPath = (c: E2eConnection) => `/connections/${c.id}/realms`;

/** The "done" toast with exactly this text. */
const toast = (page: Page, text: string) => page.getByTestId("toast").filter({ hasText: text });

async function asOwner(page: Page): Promise<void> {
  await signIn(page, SANDBOX_ADMIN, sandboxSecrets().adminPassword);
}

test("Realms are listed on open; typing narrows them; result set and sort apply at once; headers sort", async ({ page, browser }) => {
  const t = tag();
  for (const name of [`Alpha ${t}`, `Beta ${t}`, `Gamma ${t}`]) await seedRealm(browser, { name });
  await asOwner(page);
  await page.goto(realmsPath(full));
  const rows = page.getByRole("table", { name: "Realms found" }).getByRole("row");
  await expect(page.getByTestId("stream-count")).toHaveText(/^[\d,]+ realms?( \(more exist in Okta\))?\.$/); // listed without a search
  await expect(rows.nth(1)).toBeVisible();
  const search = page.getByRole("search", { name: "Search realms" });
  await search.getByLabel("Results").selectOption("all");
  await search.getByLabel("Sort by name").selectOption("desc");
  await search.getByLabel("Name contains").pressSequentially(t);
  await expect(page.getByTestId("stream-count")).toHaveText("3 realms.");
  await expect(rows.nth(1)).toContainText(`Gamma ${t}`);
  await expect(rows.nth(3)).toContainText(`Alpha ${t}`);
  await page.getByRole("table", { name: "Realms found" }).getByRole("button", { name: "Name" }).click(); // sorts the loaded rows
  await expect(rows.nth(1)).toContainText(`Alpha ${t}`);

  await search.getByLabel("Results").selectOption("first");
  await search.getByLabel("Sort by name").selectOption("asc");
  await expect(page.getByTestId("stream-count")).toHaveText("1 realm (more exist in Okta).");
  await expect(rows.nth(1)).toContainText(`Alpha ${t}`);
});

test("Create Realm with validated domains, Read Realm, and a rename that keeps type and domains", async ({ page, browser }) => {
  const name = `Partners ${tag()}`;
  await asOwner(page);
  await page.goto(`${realmsPath(full)}/new`);
  const form = page.getByRole("form", { name: "Create realm" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Realm type").selectOption("PARTNER");
  await form.getByLabel("Allowed domains").fill("partner-e2e.example, bad!domain.example");
  await form.getByRole("button", { name: "Create realm" }).click();
  await expect(form.getByLabel("Allowed domains")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText(/"bad!domain\.example" contains !/)).toBeVisible();

  await form.getByLabel("Allowed domains").fill("partner-e2e.example\npartners-e2e.example");
  await form.getByRole("button", { name: "Create realm" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const details = page.getByRole("definition");
  await expect(page.getByTestId("realm-type")).toHaveText("PARTNER");
  await expect(page.getByTestId("realm-domains")).toHaveText("partner-e2e.example, partners-e2e.example");
  await expect(details.filter({ hasText: /^guo/ })).toHaveCount(1);

  // Rename only: Okta's PUT replaces the whole profile, so the app must send type and domains too.
  const edit = page.getByRole("form", { name: "Edit realm" });
  await edit.getByLabel("Name").fill(`${name} renamed`);
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${name} renamed` })).toBeVisible();
  await expect(page.getByTestId("realm-type")).toHaveText("PARTNER");
  await expect(page.getByTestId("realm-domains")).toHaveText("partner-e2e.example, partners-e2e.example");
  const id = page.url().split("/").at(-1) ?? "";
  const stored = await ssws<Realm>(browser, "GET", `/api/v1/realms/${id}`);
  expect(stored.body.profile).toEqual({ name: `${name} renamed`, realmType: "PARTNER", domains: ["partner-e2e.example", "partners-e2e.example"] });
});

test("List Realm Users: first 200, a record limit, CSV export, and Stop", async ({ page, browser }) => {
  const realm = await seedRealm(browser, { name: `Crowd ${tag()}` });
  await control(browser, "POST", "/users/bulk", { count: 450, realmId: realm.id, loginPattern: `crowd{n}@${realm.id.toLowerCase()}.example` });
  await asOwner(page);
  await page.goto(`${realmsPath(full)}/${realm.id}`);
  await page.getByRole("tab", { name: "Users" }).click();
  await expect(page).toHaveURL(/\?tab=users$/); // a reload or a shared link opens the same tab
  await expect(page.getByTestId("stream-count")).toHaveText("200 users (more exist in Okta).");
  await expect(page.getByRole("table", { name: "Realm users" }).getByRole("row")).toHaveCount(51); // header + a page of 50
  await expect(page.getByText("Page 1 of 4")).toBeVisible();

  const list = page.getByRole("form", { name: "List realm users" });
  await list.getByLabel("Results").selectOption("all");
  await list.getByLabel("Record limit").fill("300");
  await list.getByRole("button", { name: "List users" }).click();
  await expect(page.getByTestId("stream-count")).toHaveText("300 users (more exist in Okta).");

  const download = page.waitForEvent("download");
  await list.getByRole("link", { name: "Export CSV" }).click();
  const file = await (await download).path();
  const lines = readFileSync(file, "utf8").split("\r\n").filter(Boolean);
  expect(lines[0]).toBe("id,login,email,name,status,created,lastLogin");
  expect(lines).toHaveLength(301);

  await control(browser, "PUT", "/latency", { ms: 1500 });
  try {
    await list.getByLabel("Record limit").fill("");
    await list.getByRole("button", { name: "List users" }).click();
    await expect(page.getByTestId("stream-count")).toHaveText(/Loading… 200 users so far/, { timeout: 15_000 });
    await page.getByRole("button", { name: "Stop" }).click();
    await expect(page.getByTestId("stream-count")).toHaveText("Stopped at 200 users.");
  } finally {
    await control(browser, "PUT", "/latency", { ms: 0 });
  }
});

test("Create Realm User from the org's schema, with the realm's domains checked first", async ({ page, browser }) => {
  await control(browser, "POST", "/schema/custom", { properties: { e2eTier: { title: "Partner tier", type: "string", enum: ["gold", "silver"] } } });
  const realm = await seedRealm(browser, { name: `Suppliers ${tag()}`, realmType: "PARTNER", domains: ["supplier-e2e.example"] });
  const login = `ann-${tag()}@supplier-e2e.example`;
  await asOwner(page);
  await page.goto(`${realmsPath(full)}/${realm.id}?tab=users`);
  await page.getByRole("link", { name: "Create user in this realm" }).click();
  const form = page.getByRole("form", { name: `New user in ${realm.profile.name}` });
  await form.getByLabel("Username").fill(`ann@elsewhere.example`);
  await form.getByLabel("First name").fill("Ann");
  await form.getByLabel("Last name").fill("Supplier");
  await form.getByLabel("Primary email").fill(login);
  await form.getByLabel("Partner tier (optional)").selectOption("gold");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByLabel("Username")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText(/only allows usernames in supplier-e2e\.example/)).toBeVisible();

  await form.getByLabel("Username").fill(login);
  await form.getByLabel("Credentials").selectOption("password");
  await form.getByLabel("Password").fill("Correct-Horse-9!");
  await form.getByLabel("Activate now").check();
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(toast(page, `Created user ${login} (ACTIVE) in ${realm.profile.name}.`)).toBeVisible();
  const user = await ssws<User>(browser, "GET", `/api/v1/users/${encodeURIComponent(login)}`);
  expect(user.body.realmId).toBe(realm.id);
  expect(user.body.profile.e2eTier).toBe("gold");
});

test("Delete Realm: Okta's reason when users remain, move them, then delete", async ({ page, browser }) => {
  const realm = await seedRealm(browser, { name: `Closing ${tag()}` });
  const login = `last-${tag()}@closing.example`;
  await seedUser(browser, { login, email: login, firstName: "Last", lastName: "One" }, realm.id);
  await asOwner(page);
  await page.goto(`${realmsPath(full)}/${realm.id}`);
  const del = async () => {
    await page.getByRole("button", { name: "Delete realm…" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("button", { name: "Delete permanently" })).toBeDisabled();
    await dialog.getByLabel(`Type ${realm.profile.name}`).fill(realm.profile.name);
    await dialog.getByRole("button", { name: "Delete permanently" }).click();
  };
  await del();
  await expect(page.getByRole("region", { name: "Delete realm" }).getByRole("alert")).toContainText("still has 1 user(s)");
  await page.getByRole("link", { name: /Move this realm's users/ }).click();
  await expect(page).toHaveURL(new RegExp(`/users/move\\?fromRealm=${realm.id}`));
  await page.getByRole("link", { name: `Move ${login} to another realm` }).click();
  await expect(page.getByTestId("current-realm")).toHaveText(realm.profile.name);
  await chooseRealm(page, "Default realm");
  await page.getByRole("button", { name: "Move user" }).click();
  await expect(page.getByText(`Moved ${login} to Default realm.`)).toBeVisible();

  await page.goto(`${realmsPath(full)}/${realm.id}`);
  await del();
  await expect(page).toHaveURL(new RegExp(`${realmsPath(full)}$`)); // back on the realm list, the toast still up
  await expect(page.getByRole("heading", { level: 1, name: "Realms" })).toBeVisible();
  await expect(toast(page, `Deleted realm “${realm.profile.name}”.`)).toBeVisible();
  expect((await ssws(browser, "GET", `/api/v1/realms/${realm.id}`)).status).toBe(404);
});

test("Update Realm for User: the target's domain rule is shown when it blocks the move", async ({ page, browser }) => {
  const target = await seedRealm(browser, { name: `Strict ${tag()}`, domains: ["strict-e2e.example"] });
  const login = `outsider-${tag()}@other.example`;
  await seedUser(browser, { login, email: login, firstName: "Out", lastName: "Sider" });
  await asOwner(page);
  await page.goto(`/connections/${full.id}/users/move`);
  await page.getByLabel("Login, email or user id").fill(login);
  await page.getByRole("button", { name: "Find user" }).click();
  await expect(page.getByTestId("current-realm")).toHaveText("Default realm");
  await chooseRealm(page, target.profile.name, "strict-e2e.example");
  await page.getByRole("button", { name: "Move user" }).click();
  await expect(page.getByRole("combobox", { name: "Move to realm" })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/only allows usernames in strict-e2e\.example/)).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "can't move to" })).toContainText("allowed domains are strict-e2e.example");
});

test("Insufficient Scope: a connection without okta.users.manage can't Update Realm for User", async ({ page, browser }) => {
  const login = `scoped-${tag()}@other.example`;
  await seedUser(browser, { login, email: login, firstName: "Sco", lastName: "Ped" });
  await asOwner(page);
  await page.goto(`/connections/${limited.id}/users/move`);
  await page.getByLabel("Login, email or user id").fill(login);
  await page.getByRole("button", { name: "Find user" }).click();
  await expect(page.getByTestId("current-realm")).toHaveText("Default realm");
  const alert = page.getByRole("alert").filter({ hasText: "Insufficient Scope" });
  await expect(alert).toContainText("okta.users.manage");
  await expect(alert).toContainText("Okta API Scopes tab");
  await expect(alert.getByRole("link", { name: "Reauthorize" })).toHaveAttribute("href", `/connections?reauthorize=${limited.id}`);
  await expect(page.getByRole("button", { name: "Move user" })).toBeDisabled();
  // The Reauthorize button lands on the connection's Reauthorize dialog, already open.
  await alert.getByRole("link", { name: "Reauthorize" }).click();
  await expect(page.getByRole("dialog", { name: /Reauthorize/ })).toBeVisible();
  await expect(page.getByRole("dialog", { name: /Reauthorize/ })).toContainText(limited.nickname);

  // Realm assignments need optional scopes this connection lacks as well.
  await page.goto(`/connections/${limited.id}/assignments`);
  await expect(page.getByRole("alert").filter({ hasText: "Insufficient Scope" })).toContainText("okta.realmAssignments.read");
});

test("Realm assignments: create, edit, activate, run and follow to completion, deactivate, delete — each a toast", async ({ page, browser }) => {
  const t = tag();
  const target = await seedRealm(browser, { name: `Assigned ${t}` });
  const login = `dept-${t}@people.example`;
  const user = await seedUser(browser, { login, email: login, firstName: "Dept", lastName: "Member", department: `E2E ${t}` });
  const name = `E2E rule ${t}`;
  await asOwner(page);
  await page.goto(`/connections/${full.id}/assignments`);
  const create = page.getByRole("form", { name: "Create realm assignment" });
  await create.getByLabel("Name").fill(name);
  await create.getByLabel("Priority").fill("20");
  await create.getByRole("combobox", { name: "Assign to realm" }).fill(target.profile.name); // the exact name picks it
  await expect(create.getByText(`Chosen: ${target.profile.name}`)).toBeVisible();
  await create.getByLabel("Condition (optional)").fill(`user.profile.department == "E2E ${t}"`);
  await create.getByRole("button", { name: "Create assignment" }).click();
  await expect(toast(page, `Created “${name}” (inactive).`)).toBeVisible();
  await expect(create.getByLabel("Name")).toHaveValue(""); // ready for the next one
  const table = page.getByRole("table", { name: "Realm assignments" });
  const row = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });
  await expect(row).toContainText("INACTIVE");
  await expect(row).toContainText(target.profile.name); // the target by name, its id copyable
  await expect(row.getByRole("button", { name: `Copy target realm id: ${target.id}` })).toBeVisible();

  const menu = row.getByRole("button", { name: `Actions for ${name}` });
  const choose = async (item: string) => {
    await menu.click();
    await page.getByRole("menuitem", { name: item, exact: true }).click();
  };
  await choose("Edit");
  const edit = page.getByRole("dialog", { name: `Edit “${name}”` }).getByRole("form", { name: `Edit ${name}` });
  await edit.getByLabel("Priority").fill("21");
  await edit.getByRole("button", { name: "Save assignment" }).click();
  await expect(toast(page, `Updated “${name}”.`)).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(menu).toBeFocused(); // focus back on the row's menu button
  await expect(row.getByRole("cell").first()).toHaveText("21");

  await choose("Activate");
  await expect(toast(page, `Activated “${name}”.`)).toBeVisible();
  await expect(row).toContainText("ACTIVE");
  await choose("Run");
  await expect(toast(page, `Started a run of “${name}”.`)).toBeVisible();
  await expect(page.getByTestId("assignment-run-status")).toContainText("COMPLETED — 1 user moved.", { timeout: 20_000 });
  await expect(toast(page, `Run of “${name}” finished: 1 user moved.`)).toBeVisible();
  expect((await ssws<User>(browser, "GET", `/api/v1/users/${user.id}`)).body.realmId).toBe(target.id);

  await choose("Deactivate");
  await expect(toast(page, `Deactivated “${name}”.`)).toBeVisible();
  await expect(row).toContainText("INACTIVE");
  await choose("Delete");
  await page.getByRole("dialog", { name: `Delete “${name}”?` }).getByRole("button", { name: "Delete assignment" }).click();
  await expect(toast(page, `Deleted “${name}”.`)).toBeVisible();
  await expect(row).toHaveCount(0);
  // Focus stays in the table (another row's menu, or the table itself), not back at the page's start.
  await expect.poll(() => page.evaluate(() => Boolean(document.activeElement?.closest("[data-testid=assignments-table]") ?? document.activeElement?.querySelector("[data-testid=assignments-table]")))).toBe(true);
});

test("A realm's Assignments tab: only this realm's assignments, row actions with toasts, a new one aimed at the realm, kept on reload", async ({ page, browser }) => {
  const t = tag();
  const [mine, other] = [await seedRealm(browser, { name: `Tabbed ${t}` }), await seedRealm(browser, { name: `Elsewhere ${t}` })];
  const sources = await ssws<{ conditions?: { profileSourceId?: string } }[]>(browser, "GET", "/api/v1/realm-assignments?limit=200");
  const profileSourceId = sources.body.find((a) => a.conditions?.profileSourceId)?.conditions?.profileSourceId ?? "";
  const rule = (name: string, realmId: string, priority: number) =>
    ssws(browser, "POST", "/api/v1/realm-assignments", {
      name,
      priority,
      conditions: { profileSourceId, expression: { value: `user.profile.department == "Nobody ${t}"` } },
      actions: { assignUserToRealm: { realmId } },
    });
  await rule(`Mine ${t}`, mine.id, 60);
  await rule(`Theirs ${t}`, other.id, 61);

  await asOwner(page);
  await page.goto(`${realmsPath(full)}/${mine.id}`);
  await page.getByRole("tab", { name: "Assignments" }).click();
  await expect(page).toHaveURL(/\?tab=assignments$/);
  const table = page.getByRole("table", { name: `Assignments to ${mine.profile.name}` });
  await expect(table.getByRole("rowheader", { name: new RegExp(`^Mine ${t}`) })).toBeVisible();
  await expect(table).not.toContainText(`Theirs ${t}`);
  await expect(page.getByRole("link", { name: "All assignments" })).toHaveAttribute("href", `/connections/${full.id}/assignments`);

  const row = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^Mine ${t}`) }) });
  await row.getByRole("button", { name: `Actions for Mine ${t}` }).click();
  await page.getByRole("menuitem", { name: "Activate", exact: true }).click();
  await expect(toast(page, `Activated “Mine ${t}”.`)).toBeVisible();
  await expect(row).toContainText("ACTIVE");

  // A new assignment starts with this realm as its target.
  await page.getByRole("button", { name: "New assignment for this realm" }).click();
  const dialog = page.getByRole("dialog", { name: `New assignment for ${mine.profile.name}` });
  await expect(dialog.getByRole("combobox", { name: "Assign to realm" })).toHaveValue(mine.profile.name);
  await dialog.getByLabel("Name").fill(`Also mine ${t}`);
  await dialog.getByLabel("Priority").fill("62");
  await dialog.getByRole("button", { name: "Create assignment" }).click();
  await expect(toast(page, `Created “Also mine ${t}” (inactive).`)).toBeVisible();
  await expect(table.getByRole("rowheader", { name: new RegExp(`^Also mine ${t}`) })).toBeVisible();

  await page.reload();
  await expect(page.getByRole("tab", { name: "Assignments" })).toHaveAttribute("aria-selected", "true");
  await expect(table.getByRole("row")).toHaveCount(3); // header + this realm's two
  await expect(row).toContainText("ACTIVE");
});

test("Audit log: realm operations with connection, outcome and Okta request id; filters and keyset paging", async ({ page }) => {
  await asOwner(page);
  await page.goto(`/audit?connection=${full.id}&operation=realm.update`);
  const table = page.getByRole("table", { name: "Audit events" });
  const row = table.getByRole("row").filter({ hasText: "realm.update" }).first();
  await expect(row).toContainText(full.nickname);
  await expect(row).toContainText("SUCCESS");
  await expect(row).toContainText(SANDBOX_ADMIN);
  await expect(row.getByRole("cell").last()).not.toHaveText("—");
  // The realm by name (as it was when written: the rename above), its id on hover and copyable.
  await expect(row.getByTestId("audit-target-name")).toHaveText(/^Partners \w+ renamed$/);
  await expect(row.getByTestId("audit-target-name")).toHaveAttribute("title", /^realm:guo/);
  await expect(row.getByRole("button", { name: /^Copy id: guo/ })).toBeVisible();

  const filters = page.getByRole("search", { name: "Filter audit events" });
  await filters.getByLabel("Operation").selectOption("realm.delete");
  await filters.getByLabel("Outcome").selectOption("FAILURE");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(table.getByRole("row").filter({ hasText: "realm.delete" }).first()).toContainText("still has 1 user(s)");
  await expect(table.getByRole("row").filter({ hasText: "SUCCESS" })).toHaveCount(0);

  await page.goto("/audit");
  await page.getByRole("link", { name: "Older events" }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(page.getByRole("table", { name: "Audit events" }).getByRole("row")).not.toHaveCount(0);
});
