import { describe, expect, it, vi } from "vitest";
import { checkIssuer, InsecureRequestRefused, parseDevHttpOrigins, policyFetch } from "./http-issuer-policy";

describe("http issuer policy", () => {
  const dev = parseDevHttpOrigins("http://localhost:4010/, http://127.0.0.1:4010, not a url");

  it("parses DEV_OKTA_HTTP_ORIGINS into origins", () => {
    expect([...dev]).toEqual(["http://localhost:4010", "http://127.0.0.1:4010"]);
    expect(parseDevHttpOrigins(undefined).size).toBe(0);
  });

  it("accepts https issuers always", () => {
    expect(checkIssuer("https://example.okta.com/oauth2/default", new Set())).toEqual({ ok: true, insecure: false, origin: "https://example.okta.com" });
  });

  it("accepts http issuers only when their origin is listed", () => {
    expect(checkIssuer("http://localhost:4010", dev)).toMatchObject({ ok: true, insecure: true });
    expect(checkIssuer("http://localhost:4010/oauth2/default", dev)).toMatchObject({ ok: true, insecure: true });
    expect(checkIssuer("http://localhost:4011", dev)).toMatchObject({ ok: false, reason: expect.stringMatching(/DEV_OKTA_HTTP_ORIGINS/) });
    expect(checkIssuer("http://localhost:4010", new Set())).toMatchObject({ ok: false });
  });

  it("refuses other protocols, credentials and garbage", () => {
    expect(checkIssuer("ftp://example.com", dev).ok).toBe(false);
    expect(checkIssuer("https://user:pw@example.com", dev).ok).toBe(false);
    expect(checkIssuer("example.com", dev).ok).toBe(false);
  });

  it("refuses any http request to an unlisted origin, whatever discovery said", async () => {
    const base = vi.fn(async () => new Response("{}"));
    const f = policyFetch(dev, base);
    await f("https://idp.example/token");
    await f(new URL("http://localhost:4010/token"));
    await expect(f("http://attacker.example/token")).rejects.toBeInstanceOf(InsecureRequestRefused);
    await expect(f(new Request("http://localhost:9999/userinfo"))).rejects.toBeInstanceOf(InsecureRequestRefused);
    expect(base).toHaveBeenCalledTimes(2);
  });
});
