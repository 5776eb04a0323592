// Signing in to the app through the sandbox org's sign-in page (as e2e/auth.spec.ts does).
import { expect, type Page } from "@playwright/test";

/** Fills the sandbox sign-in form if Okta shows it (an existing sandbox session skips it). */
export async function completeSandboxSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.getByRole("button", { name: /Sign in with/ }).click();
  await expect(page.getByLabel("Username")).toBeVisible();
  await completeSandboxSignIn(page, username, password);
  await expect(page).toHaveURL(/\/connections/);
}
