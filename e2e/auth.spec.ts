// Sign-in through the sandbox Okta org (started by scripts/start.ts in local mode), the refusal of
// people nobody invited, and an invitation end to end. Extra sandbox users are created through its
// Okta-compatible Management API (POST /api/v1/users, SSWS token from the sandbox's persisted state).
// The sandbox admin is expected to be (or become, on a fresh DATA_DIR) the team's owner.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";

const dataDir = process.env.E2E_DATA_DIR ?? ".data/e2e";
type SandboxState = { apiToken: string; adminPassword: string };

function sandboxState(): SandboxState {
  const snapshot = JSON.parse(readFileSync(path.join(dataDir, "sandbox.json"), "utf8")) as { secrets: SandboxState };
  return snapshot.secrets;
}

const ADMIN = "admin@sandbox.example";
const password = "Correct-Horse-9!";

/** Starts sign-in from the app; returns the sandbox origin once its sign-in page shows. */
async function openSandboxSignIn(page: Page): Promise<string> {
  await page.goto("/signin");
  await page.getByRole("button", { name: /Sign in with/ }).click();
  await expect(page.getByLabel("Username")).toBeVisible();
  return new URL(page.url()).origin;
}

async function signIn(page: Page, username: string, secret: string): Promise<void> {
  await openSandboxSignIn(page);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(secret);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function createSandboxUser(browser: Browser, label: string): Promise<string> {
  const context = await browser.newContext();
  const origin = await openSandboxSignIn(await context.newPage());
  const email = `${label}-${Date.now().toString(36)}@people.example`;
  const res = await context.request.post(`${origin}/api/v1/users?activate=true`, {
    headers: { Authorization: `SSWS ${sandboxState().apiToken}`, Accept: "application/json" },
    data: { profile: { login: email, email, firstName: label, lastName: "Tester" }, credentials: { password: { value: password } } },
  });
  expect(res.status(), await res.text()).toBe(200);
  await context.close();
  return email;
}

const header = (page: Page) => page.getByRole("group", { name: "Signed in as" });

test("the sandbox admin signs in, sees their role, and signs out", async ({ page }) => {
  await signIn(page, ADMIN, sandboxState().adminPassword);
  await expect(page).toHaveURL(/\/connections$/);
  await expect(header(page).getByText(ADMIN)).toBeVisible();
  await expect(header(page).getByText("Owner", { exact: true })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const link of ["Connections", "Members", "Audit log"]) await expect(nav.getByRole("link", { name: link })).toBeVisible();

  await header(page).getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
  await page.goto("/members");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fmembers/);
});

test("someone nobody invited is refused with a clear page", async ({ page, browser }) => {
  const stranger = await createSandboxUser(browser, "stranger");
  await signIn(page, stranger, password);
  await expect(page).toHaveURL(/\/denied\?reason=NOT_INVITED/);
  await expect(page.getByRole("heading", { name: "You haven't been invited" })).toBeVisible();
  await page.goto("/connections");
  await expect(page).toHaveURL(/\/signin/); // no session was created
});

test("an invited person joins with the invited role and cannot open owner pages", async ({ page, browser }) => {
  const invitee = await createSandboxUser(browser, "operator");

  // The owner invites them as an operator.
  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await signIn(ownerPage, ADMIN, sandboxState().adminPassword);
  await ownerPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Members" }).click();
  const form = ownerPage.getByRole("form", { name: "Invite someone" });
  await form.getByLabel("Email").fill(invitee);
  await form.getByLabel("Role").selectOption("OPERATOR");
  await form.getByRole("button", { name: "Invite" }).click();
  await expect(form.getByRole("status")).toHaveText(`Invited ${invitee} as Operator.`);
  await expect(ownerPage.getByRole("table", { name: "Pending invitations" }).getByText(invitee)).toBeVisible();
  await owner.close();

  // They sign in (their own browser) and are an operator.
  await signIn(page, invitee, password);
  await expect(page).toHaveURL(/\/connections$/);
  await expect(header(page).getByText("Operator", { exact: true })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Connections" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Members" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);

  const direct = await page.goto("/members");
  expect(direct?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
});

test("the owner changes a member's role, removes them and withdraws an invitation; each ends with a toast", async ({ page, browser }) => {
  const member = await createSandboxUser(browser, "member");
  const pending = `pending-${Date.now().toString(36)}@people.example`;

  await signIn(page, ADMIN, sandboxState().adminPassword);
  await page.goto("/members");
  const form = page.getByRole("form", { name: "Invite someone" });
  const toast = page.getByTestId("toast");
  for (const email of [member, pending]) {
    await form.getByLabel("Email").fill(email);
    await form.getByRole("button", { name: "Invite" }).click();
    await expect(toast.filter({ hasText: `Invited ${email} as Viewer.` })).toBeVisible();
  }

  // The invited member joins (their own browser), so they show up in the team.
  const joiner = await browser.newContext();
  const joinerPage = await joiner.newPage();
  await signIn(joinerPage, member, password);
  await expect(joinerPage).toHaveURL(/\/connections$/);
  await joiner.close();

  await page.reload();
  const members = page.getByRole("table", { name: "Members" });
  await members.getByLabel(`Role of ${member}`, { exact: true }).selectOption("OPERATOR");
  await members.getByRole("button", { name: `Change role of ${member}` }).click();
  await expect(toast.filter({ hasText: `${member} is now Operator.` })).toBeVisible();

  await members.getByRole("button", { name: `Remove ${member}` }).click();
  await page.getByRole("dialog", { name: `Remove ${member}?` }).getByRole("button", { name: "Remove member" }).click();
  await expect(toast.filter({ hasText: `Removed ${member} from the team.` })).toBeVisible();
  await expect(members.getByText(member)).toHaveCount(0);

  const invitations = page.getByRole("table", { name: "Pending invitations" });
  await invitations.getByRole("button", { name: `Withdraw the invitation of ${pending}` }).click();
  await expect(toast.filter({ hasText: `Withdrew the invitation of ${pending}.` })).toBeVisible();
  await expect(invitations.getByText(pending)).toHaveCount(0);
});
