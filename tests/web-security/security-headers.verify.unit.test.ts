// The header policy as text (lib/http/security-headers.ts) and as proxy.ts applies it: a strict CSP
// with a fresh nonce on every response AND on the request Next renders with (that is how Next puts
// the nonce on its scripts), the fixed headers, and HSTS only for an https APP_URL.
import { NextRequest } from "next/server";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { checkSameOrigin } from "@/lib/http/same-origin";
import { contentSecurityPolicy, fixedSecurityHeaders, newNonce } from "@/lib/http/security-headers";
import { reportFigures } from "@/tests/verify/report";
import { directives } from "./csp";

vi.mock("server-only", () => ({}));
vi.mock("@/lib/auth/resolve-caller", () => ({ resolveCaller: async () => ({ kind: "anonymous" }) }));

describe("the CSP text", () => {
  const production = directives(contentSecurityPolicy({ nonce: "abc123==", development: false, https: true }));

  it("allows scripts only by nonce (+ strict-dynamic): no unsafe-inline, no unsafe-eval", () => {
    expect(production.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(production.get("default-src")).toEqual(["'self'"]);
  });

  it("forbids framing, base and plugins, keeps forms and connections on this origin", () => {
    expect(production.get("frame-ancestors")).toEqual(["'none'"]);
    expect(production.get("base-uri")).toEqual(["'none'"]);
    expect(production.get("object-src")).toEqual(["'none'"]);
    expect(production.get("form-action")).toEqual(["'self'"]);
    expect(production.get("connect-src")).toEqual(["'self'"]);
    expect(production.get("img-src")).toEqual(["'self'", "data:"]);
    expect(production.has("upgrade-insecure-requests")).toBe(true);
  });

  it("adds eval and the HMR websocket only for next dev, and no upgrade over http", () => {
    const dev = directives(contentSecurityPolicy({ nonce: "n", development: true, https: false }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.has("upgrade-insecure-requests")).toBe(false);
  });

  it("makes a new 128-bit nonce every time", () => {
    const nonces = new Set(Array.from({ length: 1_000 }, newNonce));
    expect(nonces.size).toBe(1_000);
    for (const n of [...nonces].slice(0, 10)) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });

  it("sends HSTS only for https", () => {
    expect(new Map(fixedSecurityHeaders({ https: true })).get("Strict-Transport-Security")).toMatch(/^max-age=\d{7,}/);
    expect(new Map(fixedSecurityHeaders({ https: false })).has("Strict-Transport-Security")).toBe(false);
  });
});

const seen = { responses: 0, withCsp: 0, crossOrigin: 0, crossOriginRefused: 0 };

describe("same-origin rule for state-changing requests", () => {
  const app = "https://realms.example.com";
  it.each([
    ["POST", "/connections", "https://evil.example", false],
    ["POST", "/connections", "null", false],
    ["POST", "/connections", null, false],
    ["PUT", "/api/audit", "https://realms.example.com.evil.example", false],
    ["DELETE", "/members", "http://realms.example.com", false],
    ["POST", "/api/auth/signout", "https://evil.example", false],
    ["POST", "/connections", app, true],
    ["GET", "/connections", "https://evil.example", true],
    ["POST", "/api/auth/callback/okta", "https://acme.okta.com", true],
  ] as const)("%s %s from %s → allowed %s", (method, path, origin, allowed) => {
    expect(checkSameOrigin(method, path, origin, app).ok).toBe(allowed);
  });
});

describe("proxy.ts", () => {
  afterEach(() => vi.unstubAllEnvs());

  async function proxyFor(appUrl: string) {
    vi.resetModules();
    vi.stubEnv("APP_MODE", "production");
    vi.stubEnv("APP_URL", appUrl);
    vi.stubEnv("DATABASE_URL", "postgresql://app@db.internal:5432/app");
    vi.stubEnv("ENCRYPTION_KEY", Buffer.alloc(32, 9).toString("base64"));
    vi.stubEnv("AUTH_SECRET", "headers-test-secret-".padEnd(48, "q"));
    vi.stubEnv("DEV_OKTA_HTTP_ORIGINS", "");
    return (await import("@/proxy")).proxy;
  }

  it.each(["/", "/signin", "/connections", "/api/health"])("puts the CSP with a fresh nonce on %s and forwards it to rendering", async (path) => {
    const proxy = await proxyFor("https://realms.example.com");
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await proxy(new NextRequest(`https://realms.example.com${path}`));
      seen.responses += 1;
      const policy = response.headers.get("content-security-policy") ?? "";
      if (policy) seen.withCsp += 1;
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
      expect(nonce, policy).toBeTruthy();
      nonces.push(nonce ?? "");
      expect(response.headers.get("strict-transport-security")).toMatch(/max-age/);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      if (path === "/connections") {
        expect(response.status).toBe(307); // anonymous → sign-in; the redirect carries the headers too
      } else {
        // NextResponse.next({ request: { headers } }) → Next renders with this request header.
        expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
      }
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("refuses a cross-origin server-action POST with 403 before the gate or the page, headers included", async () => {
    const proxy = await proxyFor("https://realms.example.com");
    for (const origin of ["https://evil.example", null]) {
      const headers = new Headers({ "Next-Action": "0123456789abcdef", "Content-Type": "text/plain;charset=UTF-8" });
      if (origin) headers.set("Origin", origin);
      const response = await proxy(new NextRequest("https://realms.example.com/connections", { method: "POST", headers, body: "[]" }));
      seen.crossOrigin += 1;
      if (response.status === 403) seen.crossOriginRefused += 1;
      expect(response.status).toBe(403);
      expect(response.headers.get("x-middleware-next")).toBeNull(); // not passed on to Next
      expect(await response.text()).toMatch(/Cross-origin request refused/);
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    }
    const same = await proxy(new NextRequest("https://realms.example.com/signin", { method: "POST", headers: { Origin: "https://realms.example.com", "Next-Action": "x" }, body: "[]" }));
    expect(same.headers.get("x-middleware-next")).toBe("1");
  });

  it("sends no HSTS for an http APP_URL", async () => {
    const proxy = await proxyFor("http://localhost:3000");
    const response = await proxy(new NextRequest("http://localhost:3000/"));
    expect(response.headers.get("strict-transport-security")).toBeNull();
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});

afterAll(() => {
  reportFigures({
    suite: "web security",
    rows: [
      ["CSP (production)", contentSecurityPolicy({ nonce: "…", development: false, https: true })],
      ["proxy responses with CSP + fresh nonce (unit)", `${seen.withCsp}/${seen.responses}`],
      ["cross-origin / Origin-less action POSTs refused by the proxy (unit)", `${seen.crossOriginRefused}/${seen.crossOrigin}`],
    ],
  });
});
