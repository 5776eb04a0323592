// Authorized connections for the realm e2e, made the real way: an OAuth app in the sandbox org with
// chosen grants (control plane), the authorization-code flow with PKCE in the browser (the sandbox's
// sign-in page), the code exchanged at the org's token endpoint, and the token set stored with
// lib/connections in the e2e server's database (see store-connection.ts).
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { expect, type Browser } from "@playwright/test";
import { createSandboxApp, dataDir, SANDBOX_ADMIN, sandboxSecrets, sandboxUrl } from "../support/sandbox";
import { completeSandboxSignIn } from "../support/sign-in";

export const BASE_SCOPES = ["okta.realms.read", "okta.realms.manage", "okta.users.read", "okta.schemas.read"];
export const ALL_SCOPES = [...BASE_SCOPES, "okta.users.manage", "okta.realmAssignments.read", "okta.realmAssignments.manage"];

export type E2eConnection = { id: string; nickname: string };

export async function authorizedConnection(browser: Browser, appUrl: string, label: string, scopes: string[]): Promise<E2eConnection> {
  const context = await browser.newContext();
  try {
    const app = await createSandboxApp(context.request, appUrl, label, scopes);
    const redirectUri = `${appUrl}/api/connections/callback`;
    const verifier = randomBytes(32).toString("base64url");
    const state = randomBytes(12).toString("base64url");
    const scope = ["openid", "offline_access", ...scopes].join(" ");
    const page = await context.newPage();
    // The redirect back to the app is caught here: this fixture, not the app, finishes the flow
    // (the app would refuse the callback anyway: it never started this authorization).
    await context.route(`${redirectUri}**`, (route) => route.fulfill({ status: 200, contentType: "text/plain", body: "captured by the e2e fixture" }));
    const redirected = page.waitForRequest((request) => request.url().startsWith(redirectUri));
    const authorize = new URL("/oauth2/v1/authorize", sandboxUrl());
    for (const [k, v] of Object.entries({
      client_id: app.clientId,
      redirect_uri: redirectUri,
      response_type: "code",
      scope,
      state,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
    })) {
      authorize.searchParams.set(k, v);
    }
    await page.goto(authorize.href);
    await completeSandboxSignIn(page, SANDBOX_ADMIN, sandboxSecrets().adminPassword);
    const callback = new URL((await redirected).url());
    expect(callback.searchParams.get("code"), callback.search).toBeTruthy();
    expect(callback.searchParams.get("state")).toBe(state);

    const token = await context.request.post(`${sandboxUrl()}/oauth2/v1/token`, {
      headers: { Authorization: `Basic ${Buffer.from(`${encodeURIComponent(app.clientId)}:${encodeURIComponent(app.clientSecret)}`).toString("base64")}` },
      form: { grant_type: "authorization_code", code: callback.searchParams.get("code") ?? "", redirect_uri: redirectUri, code_verifier: verifier },
    });
    expect(token.status(), await token.text()).toBe(200);
    const nickname = `${label} ${randomBytes(3).toString("hex")}`;
    const stored = execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, "store-connection.ts")], {
      input: JSON.stringify({
        dataDir,
        databaseUrl: process.env.E2E_DATABASE_URL,
        nickname,
        oktaDomain: sandboxUrl(),
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        requestedScopes: scope.split(" "),
        tokens: (await token.json()) as unknown,
      }),
      encoding: "utf8",
    });
    return { id: (JSON.parse(stored) as { id: string }).id, nickname };
  } finally {
    await context.close();
  }
}

/** The org's Management API as its super admin (seeding data fast, checking what Okta holds). */
export async function ssws<T>(browser: Browser, method: "GET" | "POST" | "PUT" | "DELETE", route: string, data?: unknown): Promise<{ status: number; body: T }> {
  const context = await browser.newContext();
  try {
    const res = await context.request.fetch(`${sandboxUrl()}${route}`, {
      method,
      headers: { Authorization: `SSWS ${sandboxSecrets().apiToken}`, Accept: "application/json", ...(data === undefined ? {} : { "Content-Type": "application/json" }) },
      ...(data === undefined ? {} : { data }),
    });
    const text = await res.text();
    return { status: res.status(), body: (text ? JSON.parse(text) : null) as T };
  } finally {
    await context.close();
  }
}
