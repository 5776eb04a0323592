// Test helpers: a sandbox per test file, raw HTTP calls that keep status/headers/body, and a
// scripted browser for the real authorization-code flow.

import { createHash, randomBytes } from "node:crypto";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../index";

export type { Sandbox };

export function start(opts: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  return startSandbox({ mode: "test", ...opts });
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface CallOptions {
  body?: unknown;
  /** Raw body string (sent as-is). */
  raw?: string;
  contentType?: string;
  /** Default: the sandbox's SSWS token; `null` sends no Authorization header. */
  auth?: string | null;
  headers?: Record<string, string>;
}

export async function call(sb: Sandbox, method: string, pathOrUrl: string, opts: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  const auth = opts.auth === undefined ? `SSWS ${sb.apiToken}` : opts.auth;
  if (auth !== null) headers.authorization = auth;
  let body: string | undefined;
  if (opts.raw !== undefined || opts.body !== undefined) {
    body = opts.raw ?? JSON.stringify(opts.body);
    headers["content-type"] = opts.contentType ?? "application/json";
  }
  const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${sb.url}${pathOrUrl}`;
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const field = (v: unknown, key: string): unknown =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;

export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function nextLink(link: string | null): string | null {
  if (!link) return null;
  const m = /<([^>]+)>;\s*rel="next"/.exec(link);
  return m?.[1] ?? null;
}

/** What codeFlow's token endpoint answered (its status unchecked). */
export async function codeFlowToken(sb: Sandbox, scope: string, app = sb.seeded.connectorApp, redirectUri?: string): Promise<Record<string, unknown>> {
  return (await codeFlow(sb, scope, app, redirectUri)).body;
}

/**
 * Signs the seeded admin in on the org's authorize page and exchanges the code for tokens: the token
 * endpoint's status and body (callers that need tokens refuse a failed exchange themselves).
 */
export async function codeFlow(sb: Sandbox, scope: string, app = sb.seeded.connectorApp, redirectUri?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const registered = sb.org.getApp(app.clientId)?.redirectUris[0] ?? "";
  const redirect = redirectUri ?? registered;
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const url = new URL("/oauth2/v1/authorize", sb.url);
  const params = { client_id: app.clientId, redirect_uri: redirect, response_type: "code", scope, state: "st", code_challenge: challenge, code_challenge_method: "S256" };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const cookies = new Map<string, string>();
  let next: { url: URL; init: RequestInit } = { url, init: {} };
  let code: string | null = null;
  for (let hop = 0; hop < 10 && !code; hop++) {
    const res = await fetch(next.url, {
      ...next.init,
      redirect: "manual",
      headers: { ...next.init.headers, cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const eq = pair.indexOf("=");
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = res.headers.get("location");
    if (location) {
      const to = new URL(location, next.url);
      if (to.href.startsWith(redirect)) {
        code = to.searchParams.get("code");
        if (!code) throw new Error(`authorize failed: ${to.href}`);
        break;
      }
      next = { url: to, init: {} };
      continue;
    }
    const html = await res.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no sign-in form (status ${res.status}): ${html.slice(0, 300)}`);
    next = {
      url: new URL(action, sb.url),
      init: {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: sb.seeded.admin.login, password: sb.seeded.admin.password }).toString(),
      },
    };
  }
  if (!code) throw new Error("no authorization code");
  const res = await fetch(new URL("/oauth2/v1/token", sb.url), {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirect, code_verifier: verifier }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
