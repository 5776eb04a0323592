// The Connections page against the sandbox Okta org, in Chromium: create (default and custom
// scopes), the scope diff, a required scope missing, reauthorize (inherits scopes; picks up a new
// grant), rename, test, delete (revoked at the sandbox), role rules, and a scan for secrets in what
// the app served, its database and its log. Serial: later steps use the connections made earlier.
import { readFileSync } from "node:fs";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { auditEvents, plainDump, storedTokens } from "./support/app-database";
import { createSandboxApp, introspect, SANDBOX_ADMIN, sandboxCounters, sandboxSecrets, sandboxUrl, setGrants, type SandboxApp } from "./support/sandbox";
import { backFromOkta, fillNewConnection } from "./support/new-connection";
import { ServedBodies } from "./support/secret-recorder";
import { signIn } from "./support/sign-in";

test.describe.configure({ mode: "serial" });

const DEFAULT_API = ["okta.realms.read", "okta.realms.manage", "okta.users.read", "okta.users.manage", "okta.schemas.read"];
const AUTO = ["address", "email", "groups", "offline_access", "okta.realms.read", "openid", "phone", "profile"];
const run = Date.now().toString(36);
const names = {
  standard: `Acme default ${run}`,
  custom: `Acme custom ${run}`,
  partial: `Acme partial ${run}`,
  noRead: `Acme no-read ${run}`,
  renamed: `Acme renamed ${run}`,
};

let appUrl = "";
let context: BrowserContext;
let page: Page;
let served: ServedBodies;
const apps: Record<"full" | "custom" | "partial" | "noRead", SandboxApp> = {} as Record<"full" | "custom" | "partial" | "noRead", SandboxApp>;
const secrets = new Set<string>();

async function rememberTokens(nickname: string): Promise<void> {
  const tokens = await storedTokens(nickname);
  for (const value of [tokens?.accessToken, tokens?.refreshToken]) if (value) secrets.add(value);
}

const row = (nickname: string, on: Page = page) => on.getByRole("table", { name: "Connections" }).getByRole("row").filter({ has: on.getByRole("rowheader", { name: nickname, exact: true }) });
/** Opens a row's actions menu and returns its items. */
async function rowMenu(nickname: string, on: Page = page) {
  await row(nickname, on).getByRole("button", { name: `Actions for ${nickname}` }).click();
  return on.getByRole("menu");
}
async function rowAction(nickname: string, action: string): Promise<void> {
  await (await rowMenu(nickname)).getByRole("menuitem", { name: action, exact: true }).click();
}
const banner = () => page.getByTestId("authorization-message");

/** After the app sends the browser to Okta: sign in if the sandbox asks, then back on /connections. */
async function finishAtOkta(login = SANDBOX_ADMIN, password = sandboxSecrets().adminPassword): Promise<void> {
  await backFromOkta(page, /\/connections\?authorization(Error)?=/, login, password);
}

async function createConnection(nickname: string, app: SandboxApp, custom?: { check: string[]; uncheck: string[] }): Promise<void> {
  await page.goto("/connections");
  const dialog = await fillNewConnection(page, nickname, app);
  if (custom) {
    await dialog.getByRole("tab", { name: "Permissions" }).click();
    await dialog.getByLabel("Customize scopes (advanced)").check();
    for (const scope of custom.uncheck) await dialog.getByLabel(scope, { exact: true }).uncheck();
    for (const scope of custom.check) await dialog.getByLabel(scope, { exact: true }).check();
  }
  await dialog.getByRole("button", { name: "Create and authorize" }).click();
  await finishAtOkta();
}

async function reauthorize(nickname: string, as?: { login: string; password: string }): Promise<string> {
  await page.goto("/connections");
  await rowAction(nickname, "Reauthorize");
  const dialog = page.getByRole("dialog", { name: `Reauthorize “${nickname}”` });
  await expect(dialog.getByLabel("Keep the current scopes")).toBeChecked();
  const authorize = page.waitForRequest((r) => r.url().includes("/oauth2/v1/authorize"));
  await dialog.getByRole("button", { name: "Reauthorize with Okta" }).click();
  const scope = new URL((await authorize).url()).searchParams.get("scope") ?? "";
  await finishAtOkta(as?.login, as?.password);
  return scope;
}

test.beforeAll(async ({ browser, baseURL, request }) => {
  appUrl = baseURL ?? "";
  apps.full = await createSandboxApp(request, appUrl, "full", DEFAULT_API);
  apps.custom = await createSandboxApp(request, appUrl, "custom", DEFAULT_API);
  apps.partial = await createSandboxApp(request, appUrl, "partial", DEFAULT_API.filter((s) => s !== "okta.users.manage"));
  apps.noRead = await createSandboxApp(request, appUrl, "no-read", DEFAULT_API.filter((s) => s !== "okta.realms.read"));
  for (const app of Object.values(apps)) secrets.add(app.clientSecret);
  context = await browser.newContext();
  page = await context.newPage();
  served = new ServedBodies(new URL(appUrl).origin);
  served.attach(page);
  await signIn(page, SANDBOX_ADMIN, sandboxSecrets().adminPassword);
});

test.afterAll(async () => {
  await context.close();
});

test("the New Connection dialog explains each field and the redirect URI, and keeps what was typed on an error", async () => {
  await page.goto("/connections");
  await page.getByRole("button", { name: "New connection" }).click();
  const dialog = page.getByRole("dialog", { name: "New connection" });
  await expect(dialog.getByTestId("redirect-uri")).toHaveText(`${appUrl}/api/connections/callback`);
  await expect(dialog.getByLabel("Client ID")).toHaveAccessibleDescription(/General tab → Client Credentials → Client ID/);
  await dialog.getByLabel("Connection Nickname").fill(`Bad domain ${run}`);
  await dialog.getByLabel("Domain", { exact: true }).fill("10.0.0.1");
  await dialog.getByLabel("Client ID").fill("client-typed");
  await dialog.getByLabel("Client Secret").fill("secret-typed");
  await dialog.getByRole("button", { name: "Create and authorize" }).click();
  const domain = dialog.getByLabel("Domain", { exact: true });
  await expect(domain).toHaveAttribute("aria-invalid", "true");
  await expect(domain).toHaveAccessibleDescription(/10\.0\.0\.1 is an IP address/);
  await expect(dialog.getByLabel("Client ID")).toHaveValue("client-typed");
  await expect(dialog.getByLabel("Connection Nickname")).toHaveValue(`Bad domain ${run}`);
  await expect(dialog.getByLabel("Client Secret")).toHaveValue("secret-typed");
  await page.keyboard.press("Escape");
});

test("create with default scopes: authorized, Healthy, every default scope granted", async () => {
  await createConnection(names.standard, apps.full);
  await expect(banner()).toContainText(`Authorized “${names.standard}” as ${SANDBOX_ADMIN}`);
  const card = row(names.standard);
  await expect(card.getByText("Healthy", { exact: true })).toBeVisible();
  await expect(card.getByText("Development", { exact: true })).toBeVisible();
  await expect(card.getByTestId("principal")).toHaveText(SANDBOX_ADMIN);
  for (const scope of [...DEFAULT_API, "offline_access", "openid"]) await expect(card.getByTestId("granted-scopes")).toContainText(scope);
  await rememberTokens(names.standard);
});

test("create with custom scopes: only the chosen ones are requested; an extra the app lacks shows in the diff", async () => {
  await createConnection(names.custom, apps.custom, { uncheck: ["okta.users.manage", "okta.schemas.read"], check: ["okta.realmAssignments.read"] });
  await expect(page.getByTestId("scope-row-okta.realmAssignments.read")).toContainText("Not granted");
  await expect(page.getByTestId("scope-row-okta.users.read")).toContainText("Granted");
  await expect(page.getByText(/Okta API Scopes.*tab → Grant okta\.realmAssignments\.read; then Reauthorize/)).toBeVisible();
  const granted = row(names.custom).getByTestId("granted-scopes");
  await expect(granted).toContainText("okta.users.read");
  await expect(granted).not.toContainText("okta.users.manage");
  await expect(granted).not.toContainText("okta.schemas.read");
  await rememberTokens(names.custom);
});

test("a default scope not granted on the OAuth app shows in the diff with the fix", async () => {
  await createConnection(names.partial, apps.partial);
  await expect(page.getByTestId("scope-row-okta.users.manage")).toHaveText(/Not granted/);
  await expect(banner()).toContainText("Okta did not grant okta.users.manage. Operations that need it will fail: grant it on the OAuth app's Okta API Scopes tab, then reauthorize.");
  await expect(row(names.partial).getByText("Healthy", { exact: true })).toBeVisible();
  // The gap stays on the connection's row (not only in the banner after the redirect), with what fails.
  const gap = "Missing: okta.users.manage — Create realm user, Update realm for user will fail";
  await expect(row(names.partial).getByTestId("missing-scopes")).toContainText(gap);
  await page.goto("/connections");
  await expect(row(names.partial).getByTestId("missing-scopes")).toContainText(gap);
  await expect(row(names.standard).getByTestId("missing-scopes")).toHaveCount(0);
  await rememberTokens(names.partial);
});

test("an app without okta.realms.read: authorization fails naming the scope, the connection stays Pending", async () => {
  await createConnection(names.noRead, apps.noRead);
  await expect(page.getByRole("heading", { name: `Authorization of “${names.noRead}” failed` })).toBeVisible();
  await expect(banner()).toContainText("Okta did not grant okta.realms.read");
  await expect(page.getByTestId("scope-row-okta.realms.read")).toHaveText(/Not granted \(required\)/);
  const card = row(names.noRead);
  await expect(card.getByText("Pending", { exact: true })).toBeVisible();
  await expect(card.getByTestId("status-reason")).toContainText("okta.realms.read");
  await expect(card.getByTestId("granted-scopes")).toHaveText("None yet");
  const menu = await rowMenu(names.noRead);
  await expect(menu.getByRole("menuitem", { name: "Realms" })).toHaveCount(0); // nothing to administer yet
  await expect(menu.getByRole("menuitem", { name: "Authorize", exact: true })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(card.getByRole("rowheader").getByRole("link")).toHaveCount(0);
  expect(await storedTokens(names.noRead)).toBeNull();
});

test("an authorized connection leads to its realm administration", async () => {
  await rowAction(names.standard, "Realms");
  await expect(page.getByRole("heading", { level: 1, name: "Realms" })).toBeVisible();
  await page.goto("/connections");
  await row(names.standard).getByRole("link", { name: names.standard }).click(); // the nickname leads there too
  await expect(page.getByRole("heading", { level: 1, name: "Realms" })).toBeVisible();
  await page.goto("/connections");
});

test("reauthorize without changes asks for the previous scopes", async () => {
  const scope = await reauthorize(names.custom);
  expect(scope.split(" ").sort()).toEqual([...new Set([...AUTO, "okta.realms.read", "okta.realms.manage", "okta.users.read", "okta.realmAssignments.read"])].sort());
  await expect(banner()).toContainText(`Reauthorized “${names.custom}”`);
  await rememberTokens(names.custom);
});

test("reauthorize after a new grant on the OAuth app picks it up", async ({ request }) => {
  await setGrants(request, apps.partial.clientId, { grant: ["okta.users.manage"] });
  await reauthorize(names.partial);
  await expect(page.getByTestId("scope-row-okta.users.manage")).toHaveText(/Granted \(new\)/);
  await expect(banner()).toContainText("Newly granted: okta.users.manage.");
  await expect(row(names.partial).getByTestId("granted-scopes")).toContainText("okta.users.manage");
  await expect(row(names.partial).getByTestId("missing-scopes")).toHaveCount(0); // granted now: the note is gone
  await rememberTokens(names.partial);
});

test("rename keeps the connection", async () => {
  await page.goto("/connections");
  await rowAction(names.custom, "Rename");
  const dialog = page.getByRole("dialog", { name: `Rename “${names.custom}”` });
  await dialog.getByLabel("Connection Nickname").fill(names.partial);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByLabel("Connection Nickname")).toHaveAccessibleDescription("Another connection already has this nickname.");
  await dialog.getByLabel("Connection Nickname").fill(names.renamed);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(row(names.renamed)).toBeVisible();
  await expect(row(names.custom)).toHaveCount(0);
  await expect(row(names.renamed).getByText("Healthy", { exact: true })).toBeVisible();
  await expect(page.getByTestId("toast").filter({ hasText: `Renamed “${names.custom}” to “${names.renamed}”.` })).toBeVisible();
  await expect(row(names.renamed).getByRole("button", { name: `Actions for ${names.renamed}` })).toBeFocused(); // focus back where it was
});

test("test shows the latency and scopes; a revoked grant fails with the fix and marks it Needs reauthorization", async ({ request }) => {
  await page.goto("/connections");
  await rowAction(names.standard, "Test");
  await expect(row(names.standard).getByTestId("test-result")).toHaveText(/^Connection works: Okta answered in \d+ ms\. Scopes: .*okta\.realms\.read/);
  await rememberTokens(names.standard);

  await setGrants(request, apps.custom.clientId, { revoke: ["okta.realms.read"] });
  await rowAction(names.renamed, "Test");
  await expect(row(names.renamed).getByTestId("test-result")).toContainText(
    "Test failed: This connection lacks okta.realms.read. Grant it on the OAuth app's Okta API Scopes tab, then reauthorize the connection.",
  );
  await expect(row(names.renamed).getByText("Needs reauthorization", { exact: true })).toBeVisible();
  await rememberTokens(names.renamed);
});

test("delete needs the nickname typed back and revokes the refresh token at the sandbox", async ({ request }) => {
  const tokens = await storedTokens(names.standard);
  expect(tokens?.refreshToken).toBeTruthy();
  const refreshToken = tokens?.refreshToken ?? "";
  expect((await introspect(request, apps.full, refreshToken)).active).toBe(true);
  const before = await sandboxCounters(request);

  await page.goto("/connections");
  await rowAction(names.standard, "Delete");
  const dialog = page.getByRole("dialog", { name: `Delete “${names.standard}”?` });
  const confirm = dialog.getByRole("button", { name: "Delete connection" });
  await dialog.getByLabel(`Type ${names.standard} to confirm`).fill("something else");
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type ${names.standard} to confirm`).fill(names.standard);
  await confirm.click();
  await expect(page.getByTestId("toast").filter({ hasText: `Deleted “${names.standard}” and revoked its tokens at Okta.` })).toBeVisible();
  await expect(row(names.standard)).toHaveCount(0);
  expect((await introspect(request, apps.full, refreshToken)).active).toBe(false);
  expect((await sandboxCounters(request)).revocations).toBeGreaterThan(before.revocations);
});

const viewerAccount = { email: `viewer-${run}@people.example`, password: "Correct-Horse-9!" };

async function viewerPage(browser: Browser): Promise<Page> {
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  const { email, password } = viewerAccount;
  const res = await viewer.request.post(`${sandboxUrl()}/api/v1/users?activate=true`, {
    headers: { Authorization: `SSWS ${sandboxSecrets().apiToken}`, Accept: "application/json" },
    data: { profile: { login: email, email, firstName: "View", lastName: "Er" }, credentials: { password: { value: password } } },
  });
  expect(res.status()).toBe(200);
  await page.goto("/members");
  const form = page.getByRole("form", { name: "Invite someone" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption("VIEWER");
  await form.getByRole("button", { name: "Invite" }).click();
  await expect(form.getByRole("status")).toHaveText(`Invited ${email} as Viewer.`);
  await signIn(viewer, email, password);
  return viewer;
}

test("a viewer sees the connections, without manage buttons, and is told why", async ({ browser }) => {
  const viewer = await viewerPage(browser);
  await viewer.goto("/connections");
  await expect(row(names.renamed, viewer)).toBeVisible();
  const menu = await rowMenu(names.renamed, viewer); // the realm pages only: nothing that changes the connection
  await expect(menu.getByRole("menuitem")).toHaveText(["Realms", "Move a user", "Realm assignments", "Bulk moves"]);
  await viewer.keyboard.press("Escape");
  const create = viewer.getByRole("button", { name: "New connection" });
  await expect(create).toBeDisabled();
  await expect(create).toHaveAccessibleDescription(/Your role \(Viewer\) can see connections but not change them/);
  await viewer.context().close();
});

test("reauthorizing as a different Okta user warns that the connection now acts as them, and records it", async () => {
  // Sign out of the sandbox org only (it is on 127.0.0.1, the app on localhost), so Okta asks who signs in.
  await context.clearCookies({ domain: "127.0.0.1" });
  await reauthorize(names.partial, { login: viewerAccount.email, password: viewerAccount.password });
  await expect(banner()).toContainText(`Warning: this connection used to act as ${SANDBOX_ADMIN} and now acts as ${viewerAccount.email}.`);
  await expect(row(names.partial).getByTestId("principal")).toHaveText(viewerAccount.email);
  expect(await auditEvents("connection.principal_changed")).toContainEqual(
    expect.objectContaining({ target: names.partial, details: { from: SANDBOX_ADMIN, to: viewerAccount.email } }),
  );
  await rememberTokens(names.partial);
});

test("each step left an audit event", async () => {
  const targets = async (action: string, outcome = "SUCCESS") => (await auditEvents(action)).filter((e) => e.outcome === outcome).map((e) => e.target);
  expect(await targets("connection.create")).toEqual(expect.arrayContaining([names.standard, names.custom, names.partial, names.noRead]));
  expect(await targets("connection.authorize")).toEqual(expect.arrayContaining([names.standard, names.custom, names.partial]));
  expect(await targets("connection.authorize", "FAILURE")).toContain(names.noRead);
  expect(await targets("connection.reauthorize")).toEqual(expect.arrayContaining([names.custom, names.partial]));
  expect(await targets("connection.rename")).toContain(names.renamed);
  expect(await targets("connection.test")).toContain(names.standard);
  expect(await targets("connection.test", "FAILURE")).toContain(names.renamed);
  expect(await targets("connection.delete")).toContain(names.standard);
});

test("no client secret or token appears in what was served, the database or the server log", async () => {
  expect(secrets.size).toBeGreaterThanOrEqual(4 + 6);
  const { count, text } = await served.all();
  expect(count).toBeGreaterThan(20);
  expect(text).toContain(names.renamed); // the recording is real
  const leaks = (where: string, haystack: string) => [...secrets].filter((s) => haystack.includes(s)).map((s) => `${where}: …${s.slice(-6)}`);

  const dump = await plainDump();
  expect(dump).toContain(names.renamed); // the dump is real
  const found = [...leaks("served", text), ...leaks("database", dump)];

  // playwright.config.ts tees the server's output (launcher, Next, sandbox) into this file.
  const logFile = process.env.E2E_SERVER_LOG;
  expect(logFile, "E2E_SERVER_LOG is set by playwright.config.ts").toBeTruthy();
  const log = readFileSync(logFile ?? "", "utf8");
  expect(log).toContain("[start] Ready"); // the log is real
  found.push(...leaks("server log", log));
  expect(found).toEqual([]);
});
