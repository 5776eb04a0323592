// Web security of the running app (next start, Chromium): every page carries the CSP with a fresh
// nonce on all of its scripts and the page still works under it (sign-in, the connect flow to Okta,
// dialogs, the realm listing) with no CSP violation; every cookie set during sign-in and the connect
// flow is HttpOnly + SameSite=Lax; a server action posted from another origin (or with no Origin,
// or by a cross-site form) is refused and changes nothing while the same call from our origin
// works; the client bundles hold no secret and no server-only code. Serial: one signed-in page.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test, type BrowserContext, type Page, type Response } from "@playwright/test";
import { databaseUrl, localSecrets } from "./support/app-database";
import { createSandboxApp, dataDir, SANDBOX_ADMIN, sandboxSecrets, type SandboxApp } from "./support/sandbox";
import { backFromOkta, fillNewConnection } from "./support/new-connection";
import { signIn } from "./support/sign-in";
import { directives } from "../tests/web-security/csp";
import { reportFigures } from "../tests/verify/report";

test.describe.configure({ mode: "serial" });

const distDir = process.env.NEXT_DIST_DIR || ".next";
const run = Date.now().toString(36);
const nickname = `CSP check ${run}`;
const EVIL = "http://evil.example";

let appUrl = "";
let context: BrowserContext;
let page: Page;
let app: SandboxApp;
let connectionId = "";
const violations: string[] = [];
const setCookies: { url: string; header: string }[] = [];
const figures = { pagesChecked: 0, scriptsChecked: 0, scriptsWithoutNonce: 0, attacks: 0, attacksRejected: 0, bundleFiles: 0, bundleBytes: 0, leaks: 0 };
const leakRows: [string, string][] = [];

/** Checks one served HTML page: CSP header with a nonce, every <script> carrying that nonce. */
async function checkPage(response: Response | null, label: string): Promise<string> {
  expect(response, label).not.toBeNull();
  if (!response) return "";
  const headers = await response.allHeaders();
  const policy = headers["content-security-policy"] ?? "";
  const csp = directives(policy);
  const nonce = /'nonce-([^']+)'/.exec(csp.get("script-src")?.join(" ") ?? "")?.[1] ?? "";
  expect(nonce, `${label}: CSP ${policy}`).not.toBe("");
  expect(csp.get("script-src"), label).not.toContain("'unsafe-inline'");
  expect(csp.get("script-src"), label).not.toContain("'unsafe-eval'");
  expect(csp.get("frame-ancestors"), label).toEqual(["'none'"]);
  expect(headers["x-frame-options"], label).toBe("DENY");
  expect(headers["x-content-type-options"], label).toBe("nosniff");
  expect(headers["referrer-policy"], label).toBe("no-referrer");
  expect(headers["strict-transport-security"], `${label}: no HSTS over http`).toBeUndefined();
  const html = await response.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, `${label}: Next's scripts are on the page`).toBeGreaterThan(0);
  figures.pagesChecked += 1;
  for (const tag of scripts) {
    figures.scriptsChecked += 1;
    if (!tag.includes(`nonce="${nonce}"`)) figures.scriptsWithoutNonce += 1;
    expect(tag, `${label}: script without the nonce`).toContain(`nonce="${nonce}"`);
  }
  return nonce;
}

/** Every blocked script, style, connection or form target fires `securitypolicyviolation` in the page. */
async function watch(p: Page): Promise<void> {
  // Init scripts are injected by the browser driver, outside the page's CSP.
  await p.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.warn(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
  });
  p.on("console", (message) => {
    const text = message.text();
    if (/CSP violation|Content Security Policy|Refused to (execute|load|apply|connect|frame|send form|evaluate)/i.test(text)) violations.push(`${p.url()}: ${text}`);
  });
  p.on("pageerror", (error) => {
    if (/Content Security Policy|unsafe-eval/i.test(error.message)) violations.push(`${p.url()}: ${error.message}`);
  });
  p.on("response", async (response) => {
    if (!response.url().startsWith(appUrl)) return;
    for (const { name, value } of await response.headersArray().catch(() => [])) {
      if (name.toLowerCase() === "set-cookie") setCookies.push({ url: response.url(), header: value });
    }
  });
}

/** The server action ids of this build, by exported name (what the browser's router posts as Next-Action). */
function actionId(exportedName: string): string {
  const manifest = JSON.parse(readFileSync(path.join(distDir, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const found = Object.entries(manifest.node).find(([, e]) => e.exportedName === exportedName && e.filename?.includes("lib/actions/"));
  expect(found, `${exportedName} in ${distDir}/server/server-reference-manifest.json`).toBeTruthy();
  return found?.[0] ?? "";
}

/** Posts renameConnectionAction the way the browser's router does (text/plain encodeReply of [input]). */
function postRename(origin: string | null, newName: string) {
  const headers: Record<string, string> = { "Next-Action": actionId("renameConnectionAction"), "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" };
  if (origin) headers.Origin = origin;
  return page.request.post(`${appUrl}/connections`, { headers, data: JSON.stringify([{ id: connectionId, nickname: newName }]), maxRedirects: 0 });
}

async function currentNickname(): Promise<string> {
  await page.goto("/connections");
  return (await page.locator(`tr[data-row-id="${connectionId}"] th[scope="row"]`).textContent())?.trim() ?? "";
}

test.beforeAll(async ({ browser, baseURL, request }) => {
  appUrl = baseURL ?? "";
  app = await createSandboxApp(request, appUrl, "web security", ["okta.realms.read", "okta.realms.manage", "okta.users.read", "okta.users.manage", "okta.schemas.read"]);
  context = await browser.newContext();
  page = await context.newPage();
  await watch(page);
});

test.afterAll(async () => {
  await context.close();
  reportFigures({
    suite: "web security",
    counts: { attacks: figures.attacks, attacks_rejected: figures.attacksRejected, leaks: figures.leaks },
    rows: [
      ["CSP on pages (e2e)", `${figures.pagesChecked} pages, ${figures.scriptsChecked} scripts, ${figures.scriptsWithoutNonce} without the nonce, ${violations.length} violations`],
      ["cookies seen (sign-in + connect flow)", `${setCookies.length} Set-Cookie, all HttpOnly + SameSite=Lax`],
      ["cross-origin server actions (e2e)", `${figures.attacksRejected}/${figures.attacks} refused, no effect`],
      ["client bundles scanned", `${figures.bundleFiles} files, ${(figures.bundleBytes / 1024).toFixed(0)} KiB, ${figures.leaks} hits`],
      ...leakRows,
    ],
  });
});

test("anonymous pages: CSP with a fresh nonce on every script, the fixed headers", async () => {
  for (const path of ["/", "/signin", "/denied?reason=NOT_INVITED", "/no-such-page"]) {
    const first = await checkPage(await page.goto(path), path);
    const second = await checkPage(await page.goto(path), path);
    expect(first, `${path}: a new nonce per request`).not.toBe(second);
  }
  // Build assets keep the fixed headers too (next.config.js).
  const html = await (await page.request.get("/signin")).text();
  const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(asset).toBeTruthy();
  const assetResponse = await page.request.get(asset ?? "");
  expect(assetResponse.headers()["x-content-type-options"]).toBe("nosniff");
  expect(violations).toEqual([]);
});

test("sign-in, the connect flow to Okta and back, dialogs and the realm listing run under the CSP", async () => {
  await signIn(page, SANDBOX_ADMIN, sandboxSecrets().adminPassword);
  await checkPage(await page.goto("/connections"), "/connections");
  // The New connection dialog (Radix) opens: the page's scripts ran.
  const dialog = await fillNewConnection(page, nickname, app);
  await dialog.getByRole("button", { name: "Create and authorize" }).click();
  // The browser leaves for the org's /oauth2/v1/authorize and comes back to the callback.
  await backFromOkta(page, /\/connections\?authorization=/, SANDBOX_ADMIN, sandboxSecrets().adminPassword);
  await expect(page.getByTestId("authorization-message")).toContainText(`Authorized “${nickname}”`);
  const row = page.getByRole("table", { name: "Connections" }).getByRole("row").filter({ has: page.getByRole("rowheader", { name: nickname, exact: true }) });
  connectionId = (await row.getAttribute("data-row-id")) ?? "";
  expect(connectionId).not.toBe("");
  await expect(row.getByText("Healthy", { exact: true })).toBeVisible();

  for (const path of ["/members", "/audit", `/connections/${connectionId}/realms`, `/connections/${connectionId}/bulk`]) {
    await checkPage(await page.goto(path), path);
  }
  // The realm listing streams in (client fetches to our own routes).
  await page.goto(`/connections/${connectionId}/realms`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(violations).toEqual([]);

});

test("the served policy blocks an injected inline script (an XSS stand-in), and the watcher reports it", async () => {
  // The app's real CSP for a page, served by the browser driver with HTML an attacker might inject.
  const real = await page.request.get("/signin");
  const policy = real.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1] ?? "";
  expect(nonce).not.toBe("");
  await page.route(`${appUrl}/__csp-probe`, (route) =>
    route.fulfill({
      contentType: "text/html",
      headers: { "Content-Security-Policy": policy },
      body: `<!doctype html><script>window.__injected = true</script><script nonce="${nonce}">window.__nonced = true</script><img src="x" onerror="window.__handler = true">`,
    }),
  );
  await page.goto("/__csp-probe");
  expect(await page.evaluate(() => ({ injected: "__injected" in window, handler: "__handler" in window, nonced: "__nonced" in window }))).toEqual({
    injected: false,
    handler: false,
    nonced: true,
  });
  await expect.poll(() => violations.length).toBeGreaterThanOrEqual(2);
  await page.unroute(`${appUrl}/__csp-probe`);
  violations.length = 0;
});

test("every cookie set during sign-in and the connect flow is HttpOnly and SameSite=Lax", () => {
  const names = new Set(setCookies.map((c) => c.header.slice(0, c.header.indexOf("="))));
  expect([...names]).toContain("authjs.session-token");
  for (const { url, header } of setCookies) {
    expect(header, `${url}`).toMatch(/;\s*HttpOnly/i);
    expect(header, `${url}`).toMatch(/;\s*SameSite=Lax/i);
  }
});

test("a server action from another origin, or without one, is refused and changes nothing; ours works", async () => {
  const attempts: { label: string; status: number }[] = [];
  for (const [label, origin] of [["Origin evil", EVIL], ["Origin null", "null"], ["no Origin", null]] as const) {
    const response = await postRename(origin, `Pwned ${label} ${run}`);
    attempts.push({ label, status: response.status() });
  }
  // The one mutating route that is not a server action: Auth.js's sign-out (it has its own CSRF token too).
  const signOut = await page.request.post(`${appUrl}/api/auth/signout`, { headers: { Origin: EVIL }, form: { csrfToken: "guessed" }, maxRedirects: 0 });
  attempts.push({ label: "sign-out from another origin", status: signOut.status() });
  // A real cross-site page auto-posting a form (multipart, as Next's no-JS action forms do).
  await page.route(`${EVIL}/**`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<form id="f" method="post" enctype="multipart/form-data" action="${appUrl}/connections">
        <input name="$ACTION_ID_${actionId("renameConnectionAction")}" value=""><input name="id" value="${connectionId}">
        <input name="nickname" value="Pwned form ${run}"></form><script>document.getElementById("f").submit()</script>`,
    }),
  );
  const formPost = page.waitForResponse((r) => r.url() === `${appUrl}/connections` && r.request().method() === "POST");
  await page.goto(`${EVIL}/`);
  attempts.push({ label: "cross-site form", status: (await formPost).status() });
  await page.unroute(`${EVIL}/**`);

  for (const attempt of attempts) {
    figures.attacks += 1;
    if (attempt.status === 403) figures.attacksRejected += 1;
  }
  expect(attempts.filter((a) => a.status !== 403)).toEqual([]);
  expect(await currentNickname()).toBe(nickname); // still signed in, and not renamed

  // Control: the very same request from our origin renames it (so the refusals above were not a broken request).
  const renamed = `${nickname} renamed`;
  const ours = await postRename(new URL(appUrl).origin, renamed);
  expect(ours.status(), await ours.text()).toBe(200);
  expect(await ours.text()).toContain('"ok":true');
  expect(await currentNickname()).toBe(renamed);
});

/** The e2e server's database password: E2E_DATABASE_URL's, else the embedded PostgreSQL's. */
const databasePassword = () => decodeURIComponent(new URL(databaseUrl()).password);

function filesUnder(dir: string, keep: (name: string) => boolean = () => true): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full, keep);
    return keep(name) ? [full] : [];
  });
}

test("the client bundles hold no secret and no server-only code", () => {
  const files = filesUnder(path.join(distDir, "static"));
  expect(files.length).toBeGreaterThan(5);

  const keys = localSecrets();
  const sandbox = JSON.parse(readFileSync(path.join(dataDir, "sandbox.json"), "utf8")) as {
    secrets: { apiToken?: string; adminPassword?: string };
    apps?: { clientId?: string; name?: string; clientSecret?: string }[];
  };
  const values = new Map<string, string>([
    ["ENCRYPTION_KEY", keys.ENCRYPTION_KEY],
    ["AUTH_SECRET", keys.AUTH_SECRET],
    ["this suite's connection client secret", app.clientSecret],
  ]);
  // The embedded database always has one; an external server with trust auth (CI) has none to leak.
  const dbPassword = databasePassword();
  if (dbPassword !== "") values.set("database password (DATABASE_URL)", dbPassword);
  values.set("sandbox API token", sandbox.secrets.apiToken ?? "");
  values.set("sandbox admin password", sandbox.secrets.adminPassword ?? "");
  // The sandbox's OAuth apps: the connector app, the sign-in app (AUTH_SANDBOX_SECRET) and the suites' apps.
  for (const a of sandbox.apps ?? []) if (a.clientSecret) values.set(`client secret of sandbox app "${a.name ?? "?"}" (${a.clientId ?? "?"})`, a.clientSecret);
  for (const [label, value] of values) expect(value.length, `${label} is known, so its absence means something`).toBeGreaterThanOrEqual(12);
  // Names only server code uses: the Prisma client, the job queue, server-only variable names. The
  // control below proves they are spelled as the server bundles spell them, so 0 hits means absent.
  const serverMarkers = ["PrismaClient", "@prisma/", "pg-boss", "ENCRYPTION_RETIRED_KEYS", "AUTH_SANDBOX_SECRET"];
  const markers = [...serverMarkers, "process.env.ENCRYPTION_KEY", "process.env.AUTH_SECRET", "process.env.DATABASE_URL", "AUTH_OKTA_SECRET", "BEGIN PRIVATE KEY"];
  const serverText = filesUnder(path.join(distDir, "server", "chunks"), (name) => name.endsWith(".js"))
    .map((f) => readFileSync(f, "latin1"))
    .join("\n");
  for (const marker of serverMarkers) {
    expect(serverText.includes(marker), `control: ${marker} is in the server bundles`).toBe(true);
  }

  for (const file of files) {
    const text = readFileSync(file, "latin1");
    figures.bundleFiles += 1;
    figures.bundleBytes += text.length;
    const hits = [...[...values].filter(([, v]) => text.includes(v)).map(([label]) => label), ...markers.filter((m) => text.includes(m))];
    for (const hit of hits) {
      figures.leaks += 1;
      leakRows.push(["bundle leak", `${hit} in ${path.relative(distDir, file)}`]);
    }
  }
  expect(leakRows).toEqual([]);
});
