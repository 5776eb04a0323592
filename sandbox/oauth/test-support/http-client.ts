// A scripted browser (fetch + a cookie jar) that walks /authorize → sign-in page → redirect, and a
// raw token-endpoint client, so tests can assert Okta's exact responses.

import { createHash, randomBytes } from "node:crypto";
import type { OAuthApp } from "../../org/contract";
import { PASSWORD, REDIRECT_URI, USER } from "./fixture";

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function makePkce(): Pkce {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response): void {
    for (const header of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = header.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k = "", v = ""] = a.trim().split("=");
        return (k.toLowerCase() === "expires" && Date.parse(v) <= Date.now()) || (k.toLowerCase() === "max-age" && Number(v) <= 0);
      });
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

export interface AuthorizeResult {
  /** Where the AS finally sent the browser: the app's redirect URI (with code or error), if it did. */
  redirect?: URL;
  /** The last page shown otherwise (an error page). */
  status: number;
  html?: string;
}

/** Runs an authorize request the way a browser would, signing in as `login` with `password` when asked. */
export async function authorize(
  issuer: string,
  params: Record<string, string | undefined>,
  password = PASSWORD,
  login = USER.login,
): Promise<AuthorizeResult> {
  const jar = new CookieJar();
  const url = new URL("/oauth2/v1/authorize", issuer);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  let request: { url: URL; init: RequestInit } = { url, init: {} };
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(request.url, { ...request.init, redirect: "manual", headers: { ...request.init.headers, cookie: jar.header() } });
    jar.store(res);
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, request.url);
      if (!next.href.startsWith(issuer)) return { redirect: next, status: res.status };
      request = { url: next, init: {} };
      continue;
    }
    const html = await res.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || !action) return { status: res.status, html };
    request = {
      url: new URL(action, issuer),
      init: {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: login, password }).toString(),
      },
    };
  }
  throw new Error("too many redirects");
}

export interface CodeRequest {
  app: OAuthApp;
  scope: string;
  pkce?: Pkce;
  state?: string;
  nonce?: string;
  /** Who signs in at the sign-in page; default the fixture's USER. */
  signIn?: { login: string; password: string };
}

/** A successful authorize: returns the code (fails the test otherwise). */
export async function getCode(issuer: string, req: CodeRequest): Promise<{ code: string; pkce: Pkce }> {
  const pkce = req.pkce ?? makePkce();
  const result = await authorize(issuer, {
    client_id: req.app.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: req.scope,
    state: req.state ?? "st-1",
    nonce: req.nonce,
    code_challenge: pkce.challenge,
    code_challenge_method: "S256",
  }, req.signIn?.password, req.signIn?.login);
  const code = result.redirect?.searchParams.get("code");
  if (!code) throw new Error(`no code: ${result.redirect?.href ?? result.html ?? result.status}`);
  return { code, pkce };
}

export interface TokenResponseBody {
  token_type?: string;
  expires_in?: number;
  access_token?: string;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
  error?: string;
  error_description?: string;
}

/** POST to an org AS endpoint with client_secret_basic (or client_secret_post with `post: true`). */
export async function postForm(
  issuer: string,
  path: string,
  app: OAuthApp,
  form: Record<string, string>,
  opts: { post?: boolean } = {},
): Promise<{ status: number; body: TokenResponseBody & Record<string, unknown> }> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  const body = new URLSearchParams(form);
  if (opts.post) {
    body.set("client_id", app.clientId);
    body.set("client_secret", app.clientSecret);
  } else {
    const enc = (s: string) => encodeURIComponent(s);
    headers.authorization = `Basic ${Buffer.from(`${enc(app.clientId)}:${enc(app.clientSecret)}`).toString("base64")}`;
  }
  const res = await fetch(new URL(path, issuer), { method: "POST", headers, body: body.toString() });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as TokenResponseBody & Record<string, unknown>) : {} };
}

export async function exchangeCode(issuer: string, app: OAuthApp, code: string, verifier: string, redirectUri = REDIRECT_URI) {
  return postForm(issuer, "/oauth2/v1/token", app, {
    grant_type: "authorization_code",
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
}

export async function refresh(issuer: string, app: OAuthApp, refreshToken: string, scope?: string) {
  const form: Record<string, string> = { grant_type: "refresh_token", refresh_token: refreshToken };
  if (scope) form.scope = scope;
  return postForm(issuer, "/oauth2/v1/token", app, form);
}

/** Sign in and redeem the code: the token response of a full authorization. */
export async function signInForTokens(issuer: string, app: OAuthApp, scope: string, signIn?: CodeRequest["signIn"]) {
  const { code, pkce } = await getCode(issuer, { app, scope, signIn });
  const res = await exchangeCode(issuer, app, code, pkce.verifier);
  if (res.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(res.body)}`);
  return res.body;
}
