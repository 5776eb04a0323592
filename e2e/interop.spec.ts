// Real-world fit (issue #13), in Chromium against the sandbox org as the app's sign-in issuer and
// Okta org: sign-in with each way an OIDC issuer may release claims (ID token, UserInfo only,
// email without email_verified, email_verified false), the Permissions tab's scope facts
// (okta.realms.read is required, not automatic), a missing scope named on the connection's row for
// as long as it lasts, and Okta's error causes shown instead of "Check realm.".
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ALL_SCOPES, authorizedConnection, ssws } from "./realms-support/connections";
import { auditEvents } from "./support/app-database";
import { backFromOkta, fillNewConnection } from "./support/new-connection";
import { addFault, clearFaults, createSandboxApp, SANDBOX_ADMIN, sandboxSecrets, setClaimStyle } from "./support/sandbox";
import { completeSandboxSignIn, signIn } from "./support/sign-in";

test.describe.configure({ mode: "serial" });

const tag = () => randomBytes(3).toString("hex");
const password = "Correct-Horse-9!";
const DEFAULT_API = ["okta.realms.read", "okta.realms.manage", "okta.users.read", "okta.users.manage", "okta.schemas.read"];

test.afterEach(async ({ request }) => {
  await setClaimStyle(request, "id-token");
  await clearFaults(request);
});

/** A sandbox user the owner has invited as a viewer (their email is what admission matches). */
async function invitedPerson(browser: Browser, label: string): Promise<string> {
  const email = `${label}-${tag()}@claims.example`;
  const owner = await browser.newContext();
  const res = await ssws(browser, "POST", "/api/v1/users?activate=true", {
    profile: { login: email, email, firstName: label, lastName: "Claims" },
    credentials: { password: { value: password } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const page = await owner.newPage();
  await signIn(page, SANDBOX_ADMIN, sandboxSecrets().adminPassword);
  await page.goto("/members");
  const form = page.getByRole("form", { name: "Invite someone" });
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Invite" }).click();
  await expect(form.getByRole("status")).toContainText(`Invited ${email}`);
  await owner.close();
  return email;
}

async function signInAs(page: Page, email: string): Promise<void> {
  await page.goto("/signin");
  await page.getByRole("button", { name: /Sign in with/ }).click();
  await completeSandboxSignIn(page, email, password);
}

const header = (page: Page) => page.getByRole("group", { name: "Signed in as" });

test.describe("sign-in with each way an issuer releases claims", () => {
  const accepted = [
    ["id-token", "claims in the ID token: the invited person joins"],
    ["userinfo-only", "claims only from UserInfo (the ID token has just sub): the app reads UserInfo and the person joins"],
    ["no-email-verified", "email without email_verified (as Okta may send): accepted"],
  ] as const;
  for (const [style, title] of accepted) {
    test(title, async ({ page, browser, request }) => {
      const email = await invitedPerson(browser, style);
      await setClaimStyle(request, style);
      await signInAs(page, email);
      await expect(page).toHaveURL(/\/connections$/);
      await expect(header(page).getByText(email)).toBeVisible();
    });
  }

  test("email_verified: false: refused with the reason, audited, no session", async ({ page, browser, request }) => {
    const email = await invitedPerson(browser, "unverified");
    await setClaimStyle(request, "email-not-verified");
    await signInAs(page, email);
    await expect(page).toHaveURL(/\/denied\?reason=EMAIL_UNVERIFIED/);
    await expect(page.getByRole("heading", { name: "Your email address isn't verified" })).toBeVisible();
    const denied = (await auditEvents("auth.sign_in")).filter((e) => e.outcome === "DENIED" && e.target === email);
    expect(denied.map((e) => (e.details as { reason?: string }).reason)).toEqual(["EMAIL_UNVERIFIED"]);
    await page.goto("/connections");
    await expect(page).toHaveURL(/\/signin/);
  });
});

test("the Permissions tab: okta.realms.read is required and not automatic; the seven automatic scopes are listed", async ({ page }) => {
  await signIn(page, SANDBOX_ADMIN, sandboxSecrets().adminPassword);
  await page.getByRole("button", { name: "New connection" }).click();
  const dialog = page.getByRole("dialog", { name: "New connection" });
  await dialog.getByRole("tab", { name: "Permissions" }).click();
  const required = dialog.getByRole("list", { name: "Required scopes you must grant" });
  await expect(required.getByRole("listitem")).toHaveText([/^okta\.realms\.read/]);
  const automatic = dialog.getByRole("list", { name: "Automatically granted scopes" });
  await expect(automatic.getByRole("listitem")).toHaveText(["address", "email", "groups", "offline_access", "openid", "phone", "profile"].map((s) => new RegExp(`^${s}\\b`)));
  await expect(automatic).not.toContainText("okta.realms.read");
});

test("a connection authorized without a requested scope keeps saying so on its row", async ({ page, request, baseURL }) => {
  const nickname = `Partial ${tag()}`;
  const app = await createSandboxApp(request, baseURL ?? "", "partial-row", DEFAULT_API.filter((s) => s !== "okta.users.manage"));
  await signIn(page, SANDBOX_ADMIN, sandboxSecrets().adminPassword);
  const dialog = await fillNewConnection(page, nickname, app);
  await dialog.getByRole("button", { name: "Create and authorize" }).click();
  await backFromOkta(page, /\/connections\?authorization=/, SANDBOX_ADMIN, sandboxSecrets().adminPassword);

  // Not only in the one-time banner: a fresh visit still shows it on the row.
  await page.goto("/connections");
  const note = page.getByTestId("missing-scopes").filter({ hasText: "okta.users.manage" });
  await expect(note).toContainText("Missing: okta.users.manage — Create realm user, Update realm for user will fail");
  const row = page.getByRole("table", { name: "Connections" }).getByRole("row").filter({ has: page.getByRole("rowheader", { name: nickname, exact: true }) });
  await expect(row.getByTestId("missing-scopes")).toBeVisible();
});

test("a refusal whose cause names a field the form lacks shows Okta's cause, not 'Check realm.'", async ({ page, browser, request, baseURL }) => {
  const connection = await authorizedConnection(browser, baseURL ?? "", `Causes ${tag()}`, ALL_SCOPES);
  const realm = await ssws<{ id: string; profile: { name: string } }>(browser, "POST", "/api/v1/realms", { profile: { name: `Occupied ${tag()}` } });
  await addFault(request, { method: "DELETE", pathPrefix: "/api/v1/realms/", failNext: 1, errorCauses: ["realm: Cannot delete a realm that is the target of an active realm assignment"] });
  await signIn(page, SANDBOX_ADMIN, sandboxSecrets().adminPassword);
  await page.goto(`/connections/${connection.id}/realms/${realm.body.id}`);
  await page.getByRole("button", { name: "Delete realm…" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel(`Type ${realm.body.profile.name}`).fill(realm.body.profile.name);
  await dialog.getByRole("button", { name: "Delete permanently" }).click();
  const alert = page.getByRole("region", { name: "Delete realm" }).getByRole("alert");
  await expect(alert).toContainText("realm: Cannot delete a realm that is the target of an active realm assignment");
  await expect(alert).not.toContainText("Check realm.");
});
