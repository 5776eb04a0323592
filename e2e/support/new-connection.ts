// The New connection dialog and the round trip through the sandbox org's authorize page, as a member
// goes through them (e2e/connections.spec.ts, e2e/web-security.verify.spec.ts).
import type { Locator, Page } from "@playwright/test";
import { sandboxUrl, type SandboxApp } from "./sandbox";
import { completeSandboxSignIn } from "./sign-in";

/** On the loaded Connections page: opens the dialog and fills in a connection to the sandbox org. */
export async function fillNewConnection(page: Page, nickname: string, app: SandboxApp): Promise<Locator> {
  await page.getByRole("button", { name: "New connection" }).click();
  const dialog = page.getByRole("dialog", { name: "New connection" });
  await dialog.getByLabel("Connection Nickname").fill(nickname);
  await dialog.getByLabel("Domain", { exact: true }).fill(sandboxUrl());
  await dialog.getByLabel("Client ID").fill(app.clientId);
  await dialog.getByLabel("Client Secret").fill(app.clientSecret);
  return dialog;
}

/**
 * After the app sent the browser to Okta: signs in if the sandbox asks (an existing sandbox session
 * goes straight back), then waits for the callback's redirect to a page matching `landing`.
 */
export async function backFromOkta(page: Page, landing: RegExp, login: string, password: string): Promise<void> {
  await page.waitForURL(/\/connections\?authorization(Error)?=|\/oauth2\/v1\/interaction\//);
  if (page.url().includes("/oauth2/v1/interaction/")) await completeSandboxSignIn(page, login, password);
  await page.waitForURL(landing);
}
