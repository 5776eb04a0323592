// Every cookie Auth.js sets with OUR configuration (lib/auth/config.ts), observed on real Auth.js
// responses: HttpOnly and SameSite=Lax always; with an https APP_URL (production behind TLS) also
// Secure and the __Secure-/__Host- prefix. Production is tested here without TLS (the e2e suite
// checks the http case in a browser). Steps: CSRF token, sign-in start (state, PKCE, nonce,
// callback URL), and a stale session cookie being cleared (the session cookie's own options).
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { reportFigures } from "@/tests/verify/report";
import { orgMetadata } from "@/lib/connections/testing/org-metadata";

vi.mock("server-only", () => ({}));
// The Prisma adapter only needs the session lookup here: a stale token finds nothing.
vi.mock("@/lib/db", () => ({ db: () => ({ session: { findUnique: async () => null } }) }));

type Cookie = { name: string; attributes: Map<string, string> };

function parseSetCookie(header: string): Cookie {
  const [pair = "", ...attrs] = header.split(";").map((p) => p.trim());
  const attributes = new Map<string, string>();
  for (const attr of attrs) {
    const eq = attr.indexOf("=");
    attributes.set((eq < 0 ? attr : attr.slice(0, eq)).toLowerCase(), eq < 0 ? "" : attr.slice(eq + 1));
  }
  return { name: pair.slice(0, pair.indexOf("=")), attributes };
}

const ISSUER = "https://acme.okta.com";
const discovery = orgMetadata(ISSUER, {
  userinfo_endpoint: `${ISSUER}/oauth2/v1/userinfo`,
  subject_types_supported: ["public"],
  id_token_signing_alg_values_supported: ["RS256"],
  code_challenge_methods_supported: ["S256"],
});

/** Runs Auth.js with the app's config for APP_URL and returns every Set-Cookie of the three steps. */
async function cookiesFor(appUrl: string): Promise<Cookie[]> {
  vi.resetModules();
  vi.stubEnv("APP_MODE", "production");
  vi.stubEnv("APP_URL", appUrl);
  vi.stubEnv("AUTH_URL", `${appUrl}/api/auth`);
  vi.stubEnv("DATABASE_URL", "postgresql://app@db.internal:5432/app");
  vi.stubEnv("ENCRYPTION_KEY", Buffer.alloc(32, 7).toString("base64"));
  vi.stubEnv("AUTH_SECRET", "cookie-test-secret-".padEnd(48, "y"));
  vi.stubEnv("AUTH_OKTA_ISSUER", ISSUER);
  vi.stubEnv("AUTH_OKTA_ID", "0oacookietest");
  vi.stubEnv("AUTH_OKTA_SECRET", "not-a-real-secret-".padEnd(40, "z"));
  vi.stubEnv("DEV_OKTA_HTTP_ORIGINS", "");
  vi.stubGlobal("fetch", async (input: string | URL | Request) => {
    const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (href === `${ISSUER}/.well-known/openid-configuration`) return Response.json(discovery);
    throw new Error(`unexpected fetch ${href}`);
  });
  const { Auth } = await import("@auth/core");
  const { authConfig } = await import("@/lib/auth/config");
  const { sessionCookieName } = await import("@/lib/auth/session-cookie");
  // next-auth adds basePath and trusts the host when AUTH_URL is set (as authConfig() makes sure).
  const config = { ...authConfig(), basePath: "/api/auth", trustHost: true };
  const seen: string[] = [];
  const setCookies = (res: Response) => {
    const list = res.headers.getSetCookie();
    seen.push(...list);
    return list.map((c) => c.slice(0, c.indexOf(";")));
  };

  const csrf = await Auth(new Request(`${appUrl}/api/auth/csrf`), config);
  expect(csrf.status).toBe(200);
  const jar = setCookies(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };

  const signIn = await Auth(
    new Request(`${appUrl}/api/auth/signin/okta`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
      body: new URLSearchParams({ csrfToken, callbackUrl: `${appUrl}/connections` }),
    }),
    config,
  );
  expect(signIn.status, await signIn.clone().text()).toBe(302);
  expect(signIn.headers.get("location")).toMatch(/^https:\/\/acme\.okta\.com\/oauth2\/v1\/authorize\?/);
  setCookies(signIn);

  const stale = await Auth(new Request(`${appUrl}/api/auth/session`, { headers: { cookie: `${sessionCookieName(appUrl)}=stale-token` } }), config);
  setCookies(stale);
  return seen.map(parseSetCookie);
}

const figures = { cookies: 0, bad: 0 };

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe("Auth.js cookies with this app's configuration", () => {
  it("https APP_URL: every cookie is HttpOnly, SameSite=Lax, Secure, with a __Secure-/__Host- prefix", async () => {
    const cookies = await cookiesFor("https://realms.example.com");
    const names = cookies.map((c) => c.name);
    for (const expected of ["__Host-authjs.csrf-token", "__Secure-authjs.callback-url", "__Secure-authjs.state", "__Secure-authjs.pkce.code_verifier", "__Secure-authjs.nonce", "__Secure-authjs.session-token"]) {
      expect(names, `Set-Cookie seen: ${names.join(", ")}`).toContain(expected);
    }
    for (const c of cookies) {
      figures.cookies += 1;
      const ok = c.attributes.has("httponly") && c.attributes.get("samesite")?.toLowerCase() === "lax" && c.attributes.has("secure") && /^__(Secure|Host)-/.test(c.name);
      if (!ok) figures.bad += 1;
      expect(c.attributes.has("httponly"), `${c.name} HttpOnly`).toBe(true);
      expect(c.attributes.get("samesite")?.toLowerCase(), `${c.name} SameSite`).toBe("lax");
      expect(c.attributes.has("secure"), `${c.name} Secure`).toBe(true);
      expect(c.name, `${c.name} prefix`).toMatch(/^__(Secure|Host)-/);
      if (c.name.startsWith("__Host-")) expect(c.attributes.get("path")).toBe("/");
    }
  });

  it("http APP_URL (local): still HttpOnly and SameSite=Lax; no Secure flag a browser would refuse over http", async () => {
    const cookies = await cookiesFor("http://localhost:3000");
    expect(cookies.map((c) => c.name)).toContain("authjs.session-token");
    for (const c of cookies) {
      figures.cookies += 1;
      if (!c.attributes.has("httponly") || c.attributes.get("samesite")?.toLowerCase() !== "lax") figures.bad += 1;
      expect(c.attributes.has("httponly"), `${c.name} HttpOnly`).toBe(true);
      expect(c.attributes.get("samesite")?.toLowerCase(), `${c.name} SameSite`).toBe("lax");
      expect(c.attributes.has("secure"), `${c.name} Secure`).toBe(false);
    }
  });
});

afterAll(() => {
  reportFigures({ suite: "web security", rows: [["Auth.js cookies (https and http APP_URL)", `${figures.cookies} Set-Cookie checked, ${figures.bad} without HttpOnly/SameSite/Secure as required`]] });
});
