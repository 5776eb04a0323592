// The sandbox Okta org that scripts/start.ts runs for the e2e server: its URL (DATA_DIR/sandbox.port,
// kept stable by the launcher), API token and admin password (DATA_DIR/sandbox.json), and the
// control plane (/__sandbox/*, `SSWS <apiToken>`) to create OAuth apps with chosen grants.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext } from "@playwright/test";

export const dataDir = process.env.E2E_DATA_DIR ?? ".data/e2e";
export const SANDBOX_ADMIN = "admin@sandbox.example";

type SandboxSecrets = { apiToken: string; adminPassword: string };

export function sandboxSecrets(): SandboxSecrets {
  const snapshot = JSON.parse(readFileSync(path.join(dataDir, "sandbox.json"), "utf8")) as { secrets: SandboxSecrets };
  return snapshot.secrets;
}

export function sandboxUrl(): string {
  return `http://127.0.0.1:${readFileSync(path.join(dataDir, "sandbox.port"), "utf8").trim()}`;
}

export type SandboxApp = { clientId: string; clientSecret: string };

const control = (request: APIRequestContext) => {
  const headers = { Authorization: `SSWS ${sandboxSecrets().apiToken}`, Accept: "application/json" };
  return {
    async post(route: string, data: unknown) {
      const res = await request.post(`${sandboxUrl()}/__sandbox${route}`, { headers, data });
      expect(res.ok(), `POST /__sandbox${route}: ${res.status()}`).toBe(true);
      return res.json() as Promise<unknown>;
    },
    async get(route: string) {
      const res = await request.get(`${sandboxUrl()}/__sandbox${route}`, { headers });
      expect(res.ok(), `GET /__sandbox${route}: ${res.status()}`).toBe(true);
      return res.json() as Promise<unknown>;
    },
  };
};

/** An OAuth app like the Okta Workflows OAuth app, with exactly these okta.* grants and a fresh secret. */
export async function createSandboxApp(request: APIRequestContext, appUrl: string, label: string, grantedScopes: string[]): Promise<SandboxApp> {
  const clientSecret = `e2e-secret-${randomBytes(18).toString("hex")}`;
  const app = (await control(request).post("/apps", {
    name: `E2E ${label}`,
    redirectUris: [`${appUrl}/api/connections/callback`],
    grantedScopes,
    grantTypes: ["authorization_code", "refresh_token"],
    clientSecret,
  })) as { clientId: string };
  return { clientId: app.clientId, clientSecret };
}

export async function setGrants(request: APIRequestContext, clientId: string, change: { grant?: string[]; revoke?: string[] }): Promise<void> {
  await control(request).post(`/apps/${encodeURIComponent(clientId)}/grants`, change);
}

export async function sandboxCounters(request: APIRequestContext): Promise<{ revocations: number }> {
  const counters = (await control(request).get("/counters")) as { oauth?: { revocations?: number }; authorizationServer?: { revocations?: number } };
  const revocations = counters.authorizationServer?.revocations ?? counters.oauth?.revocations;
  expect(typeof revocations, `revocations counter in ${JSON.stringify(counters).slice(0, 300)}`).toBe("number");
  return { revocations: revocations ?? -1 };
}

/** RFC 7662 introspection at the sandbox org AS, authenticated as the app. */
export async function introspect(request: APIRequestContext, app: SandboxApp, token: string): Promise<{ active: boolean }> {
  const res = await request.post(`${sandboxUrl()}/oauth2/v1/introspect`, {
    headers: { Authorization: `Basic ${Buffer.from(`${encodeURIComponent(app.clientId)}:${encodeURIComponent(app.clientSecret)}`).toString("base64")}` },
    form: { token, token_type_hint: "refresh_token" },
  });
  expect(res.status()).toBe(200);
  return (await res.json()) as { active: boolean };
}

/** How the sandbox's sign-in releases claims (sandbox/oauth/claim-style.ts); put back "id-token" after. */
export async function setClaimStyle(request: APIRequestContext, style: "id-token" | "userinfo-only" | "no-email-verified" | "email-not-verified"): Promise<void> {
  const res = await request.put(`${sandboxUrl()}/__sandbox/sign-in/claims`, { headers: { Authorization: `SSWS ${sandboxSecrets().apiToken}` }, data: { style } });
  expect(res.ok(), `PUT /__sandbox/sign-in/claims: ${res.status()}`).toBe(true);
}

/** Adds one fault rule (sandbox/http/faults.ts), e.g. a 400 E0000001 with chosen causes. */
export async function addFault(request: APIRequestContext, rule: Record<string, unknown>): Promise<void> {
  await control(request).post("/faults", rule);
}

export async function clearFaults(request: APIRequestContext): Promise<void> {
  const res = await request.delete(`${sandboxUrl()}/__sandbox/faults`, { headers: { Authorization: `SSWS ${sandboxSecrets().apiToken}` } });
  expect(res.ok()).toBe(true);
}
