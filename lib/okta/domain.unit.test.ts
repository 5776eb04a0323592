import { describe, expect, it } from "vitest";
import { assertSameOrigin, isSameOrigin, OktaOriginMismatchError, type OktaDomainRules, parseAllowedDomains, parseOktaDomain } from "./domain";

const rules: OktaDomainRules = {
  allowedDomains: "login.acme.com, id.example.org",
  devHttpOrigins: "http://127.0.0.1:4321",
};

describe("parseOktaDomain: accepted forms are normalised to the org's https origin", () => {
  it.each([
    ["acme.okta.com", "https://acme.okta.com", "production"],
    ["ACME.Okta.com", "https://acme.okta.com", "production"],
    ["  acme.okta.com  ", "https://acme.okta.com", "production"],
    ["https://acme.okta.com", "https://acme.okta.com", "production"],
    ["https://acme.okta.com/", "https://acme.okta.com", "production"],
    ["http://acme.okta.com", "https://acme.okta.com", "production"],
    ["acme.okta.com.", "https://acme.okta.com", "production"],
    ["https://acme-admin.okta.com/admin/dashboard", "https://acme.okta.com", "production"],
    ["acme-admin.okta.com", "https://acme.okta.com", "production"],
    ["acme.okta.com:443", "https://acme.okta.com", "production"],
    ["acme.okta.com/app/UserHome?x=1#top", "https://acme.okta.com", "production"],
    ["acme.okta-emea.com", "https://acme.okta-emea.com", "production"],
    ["acme-admin.okta-emea.com", "https://acme.okta-emea.com", "production"],
    ["dev-123456.oktapreview.com", "https://dev-123456.oktapreview.com", "preview"],
    ["https://dev-123456-admin.oktapreview.com/", "https://dev-123456.oktapreview.com", "preview"],
    ["login.acme.com", "https://login.acme.com", "custom"],
    ["https://Login.Acme.com/oauth2/v1/authorize", "https://login.acme.com", "custom"],
    ["http://127.0.0.1:4321", "http://127.0.0.1:4321", "development"],
    ["http://127.0.0.1:4321/", "http://127.0.0.1:4321", "development"],
    ["127.0.0.1:4321", "http://127.0.0.1:4321", "development"],
  ])("%s → %s (%s)", (input, origin, environment) => {
    const result = parseOktaDomain(input, rules);
    expect(result).toMatchObject({ ok: true, origin, environment, host: new URL(origin).host });
  });
});

function rejection(input: string, r: OktaDomainRules = rules): string {
  const result = parseOktaDomain(input, r);
  if (result.ok) throw new Error(`${input} was accepted as ${result.origin}`);
  return result.message;
}

describe("parseOktaDomain: rejected classes (no SSRF)", () => {
  it.each([
    ["127.0.0.1"],
    ["https://127.0.0.1/"],
    ["10.0.0.5"],
    ["2130706433"], // decimal 127.0.0.1
    ["0177.0.0.1"], // octal
    ["0x7f.0.0.1"], // hex
    ["0x7f000001"],
    ["169.254.169.254"], // cloud metadata
    ["http://169.254.169.254/latest/meta-data/"],
    ["[::1]"],
    ["https://[::1]:8443/"],
    ["fd00:ec2::254"], // AWS IMDS over IPv6
    ["[fd00:ec2::254]"],
    ["::ffff:127.0.0.1"],
  ])("IP literal %s", (input) => {
    expect(rejection(input)).toMatch(/IP address/);
  });

  it.each([["localhost"], ["http://localhost:3000"], ["foo.localhost"], ["LOCALHOST."]])("localhost name %s", (input) => {
    expect(rejection(input)).toMatch(/internal or local name|not a full domain/);
  });

  it.each([
    ["okta.local"],
    ["acme.internal"],
    ["metadata.google.internal"],
    ["router.lan"],
    ["nas.home.arpa"],
    ["idp.corp"],
    ["acme.okta.com.local"],
  ])("internal TLD %s", (input) => {
    expect(rejection(input)).toMatch(/internal or local name/);
  });

  it.each([["intranet"], ["okta"], ["https://metadata/"]])("single-label name %s", (input) => {
    expect(rejection(input)).toMatch(/not a full domain/);
  });

  it("an allow-listed internal name is still refused", () => {
    expect(rejection("okta.corp", { ...rules, allowedDomains: "okta.corp" })).toMatch(/internal/);
    expect(parseAllowedDomains("okta.corp, 10.0.0.1, login.acme.com")).toEqual(["login.acme.com"]);
  });

  it.each(["sso.acme.test", "sso.acme.invalid", "sso.acme.example", "acme.onion", "acme.alt", "1.0.0.127.in-addr.arpa"])(
    "a special-use name (%s) is refused even when allow-listed",
    (host) => {
      expect(rejection(host, { ...rules, allowedDomains: host })).toMatch(/internal or local name/);
      expect(parseAllowedDomains(host)).toEqual([]);
    },
  );

  it.each([
    ["evil.com", /not an Okta domain.*OKTA_ALLOWED_DOMAINS/],
    ["acme.okta.com.evil.com", /not an Okta domain/],
    ["acme.okta.com@evil.com", /before "@"/],
    ["https://acme.okta.com@169.254.169.254/", /before "@"/],
    ["user:pass@acme.okta.com", /before "@"/],
    ["evil.com#acme.okta.com", /not an Okta domain/],
    ["evil.com\\@acme.okta.com", /doesn't look like a domain/],
    ["acme.okta.com:8443", /port/],
    ["ftp://acme.okta.com", /no ftp:\/\//],
    ["javascript:alert(1)", /doesn't look like a domain/],
    ["okta.com", /not an Okta org domain/],
    ["a.b.okta.com", /not an Okta org domain/],
    ["-admin.okta.com", /not an Okta org domain/],
    ["acme okta.com", /spaces/],
    ["", /Enter your Okta domain/],
    ["http://127.0.0.1:9999", /IP address/], // not the allowed development origin
    ["https://127.0.0.1:4321", /IP address/], // development origins match exactly, scheme included
  ])("%s", (input, message) => {
    expect(rejection(input)).toMatch(message);
  });

  it("without the development setting the sandbox origin is refused", () => {
    expect(rejection("http://127.0.0.1:4321", {})).toMatch(/IP address/);
  });

  it("a custom domain is refused unless allow-listed", () => {
    expect(rejection("login.acme.com", {})).toMatch(/OKTA_ALLOWED_DOMAINS/);
  });
});

describe("origin guard", () => {
  const origin = "https://acme.okta.com";
  it.each([
    ["https://acme.okta.com/api/v1/users?after=00u1&limit=200", true],
    ["https://acme.okta.com:443/api/v1/users", true],
    ["http://acme.okta.com/api/v1/users", false],
    ["https://acme.okta.com.evil.com/api/v1/users", false],
    ["https://evil.com/api/v1/users", false],
    ["https://x@acme.okta.com/api/v1/users", false],
    ["https://acme.okta.com:8443/api/v1/users", false],
    ["not a url", false],
  ])("%s → %s", (url, same) => {
    expect(isSameOrigin(url, origin)).toBe(same);
  });

  it("assertSameOrigin throws without echoing the foreign URL", () => {
    const thrown = (() => {
      try {
        assertSameOrigin("https://evil.com/steal?token=abc", origin);
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(OktaOriginMismatchError);
    expect(String(thrown)).not.toContain("evil.com");
  });
});
