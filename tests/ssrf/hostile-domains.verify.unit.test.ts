// The create-connection path's first line against SSRF: what an admin (or an attacker with the
// connections.manage permission) can paste into the Domain field, what an operator can put in
// OKTA_ALLOWED_DOMAINS, and the address classifier the outbound guard applies to every DNS answer
// and IP literal. Every hostile row must be refused; the controls must still be accepted, so the
// table can't pass by refusing everything.
import { afterAll, describe, expect, it } from "vitest";
import { classifyAddress } from "@/lib/net/address-policy";
import { parseAllowedDomains, parseOktaDomain } from "@/lib/okta/domain";
import { reportFigures } from "../verify/report";

// The operator's allow-list is hostile too: only the last entry is a real public custom domain.
const RULES = {
  allowedDomains: "localhost, 127.0.0.1, [::1], sso.corp, metadata.google.internal, instance-data, intranet.home.arpa, sso.acme.test, sso.acme-corp.com",
  devHttpOrigins: undefined,
};

const HOSTILE_DOMAINS: [string, string][] = [
  // IPv4 in every spelling WHATWG URL parsing (and getaddrinfo) accepts
  ["dotted", "127.0.0.1"],
  ["decimal", "2130706433"],
  ["octal", "0177.0.0.1"],
  ["octal, zero-padded", "017700000001"],
  ["hex", "0x7f000001"],
  ["hex, dotted", "0x7f.0.0.1"],
  ["short form", "127.1"],
  ["short form, 3 parts", "127.0.1"],
  ["mixed hex/short", "0x7f.1"],
  ["zero", "0"],
  ["unspecified", "0.0.0.0"],
  ["private 10/8", "10.0.0.5"],
  ["carrier-grade NAT", "100.64.0.1"],
  ["metadata", "169.254.169.254"],
  ["metadata, octal", "0251.0376.0251.0376"],
  ["metadata, short", "169.254.43518"],
  ["metadata, with scheme and path", "http://169.254.169.254/latest/meta-data/"],
  ["public IP literal", "1.1.1.1"],
  ["with port", "127.0.0.1:443"],
  // IPv6
  ["v6 loopback", "::1"],
  ["v6 loopback, bracketed", "[::1]"],
  ["v6 loopback, https", "https://[::1]:443"],
  ["v6 unspecified", "[::]"],
  ["v4-mapped, dotted", "[::ffff:127.0.0.1]"],
  ["v4-mapped, hex", "[::ffff:7f00:1]"],
  ["v4-mapped metadata, long form", "[0:0:0:0:0:ffff:a9fe:a9fe]"],
  ["NAT64 metadata", "[64:ff9b::a9fe:a9fe]"],
  ["AWS v6 metadata", "[fd00:ec2::254]"],
  ["link-local with zone id", "fe80::1%eth0"],
  ["link-local with encoded zone id", "[fe80::1%25eth0]"],
  // Names that only mean something inside a network
  ["localhost", "localhost"],
  ["LOCALHOST, trailing dot", "LOCALHOST."],
  ["*.localhost", "acme.localhost"],
  ["okta name under .localhost", "acme.okta.com.localhost"],
  ["GCP metadata", "metadata.google.internal"],
  ["GCP metadata, trailing dot", "metadata.google.internal."],
  ["bare metadata", "metadata"],
  ["EC2 instance-data", "instance-data"],
  ["EC2 instance-data FQDN", "instance-data.ec2.internal"],
  [".internal", "okta.internal"],
  [".local (mDNS)", "acme.local"],
  [".corp", "acme.corp"],
  [".lan", "acme.lan"],
  [".home.arpa", "printer.home.arpa"],
  [".intranet", "acme.intranet"],
  [".test", "acme.test"],
  [".invalid", "acme.invalid"],
  [".onion", "acme.onion"],
  ["reverse-DNS name", "1.0.0.127.in-addr.arpa"],
  ["wildcard DNS to metadata", "169.254.169.254.nip.io"],
  // Userinfo, fragment and path tricks that move the real host
  ["userinfo → loopback", "acme.okta.com@127.0.0.1"],
  ["userinfo → metadata", "https://acme.okta.com@169.254.169.254/"],
  ["user:password", "user:pw@acme.okta.com"],
  ["backslash userinfo", "acme.okta.com\\@127.0.0.1"],
  ["fragment", "127.0.0.1#.okta.com"],
  ["path", "127.0.0.1/.okta.com"],
  ["query", "127.0.0.1?.okta.com"],
  ["percent-encoded dot", "acme.okta.com%2e127.0.0.1"],
  ["NUL", "acme.okta.com%00"],
  // Lookalikes and suffix tricks
  ["okta.com as a prefix", "acme.okta.com.evil.com"],
  ["ideographic full stop", "acme.okta.com\u3002evil.com"],
  ["Cyrillic а in okta", "acme.okt\u0430.com"],
  ["punycode lookalike of okta.com", "acme.xn--okt-8cd.com"],
  ["nested okta subdomain", "a.b.okta.com"],
  ["non-standard port", "acme.okta.com:8443"],
  ["non-http scheme", "file:///etc/passwd"],
  ["gopher", "gopher://127.0.0.1:6379/_INFO"],
  ["empty label", "acme.okta.com.."],
  // Allow-listed entries that are unsafe themselves (the allow-list can't open them)
  ["allow-listed localhost", "localhost"],
  ["allow-listed .corp", "sso.corp"],
  ["allow-listed .home.arpa", "intranet.home.arpa"],
  ["allow-listed .test", "sso.acme.test"],
];

const CONTROLS: [string, string][] = [
  ["acme.okta.com", "https://acme.okta.com"],
  ["acme.okta.com.", "https://acme.okta.com"],
  ["https://acme-admin.okta.com/admin", "https://acme.okta.com"],
  ["dev-1.oktapreview.com", "https://dev-1.oktapreview.com"],
  ["sso.acme-corp.com", "https://sso.acme-corp.com"],
];

const UNSAFE_ALLOW_LIST_ENTRIES = ["localhost", "127.0.0.1", "[::1]", "sso.corp", "metadata.google.internal", "instance-data", "intranet.home.arpa", "sso.acme.test"];

const NON_PUBLIC_ADDRESSES = [
  "0.0.0.0", "0.1.2.3", "10.0.0.5", "10.255.255.255", "100.64.0.1", "100.127.255.254", "127.0.0.1", "127.255.255.254",
  "169.254.0.1", "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.192", "192.0.2.1", "192.88.99.1",
  "192.168.0.1", "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.250",
  "240.0.0.1", "255.255.255.255",
  "::", "::1", "[::1]", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.5", "::ffff:a9fe:a9fe", "0:0:0:0:0:ffff:c0a8:0101",
  "::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::10.0.0.1", "64:ff9b:1::1", "2002:7f00:1::1", "2002:a9fe:a9fe::1",
  "2001::1", "2001:db8::1", "3fff::1", "100::1", "fc00::1", "fd12:3456::1", "fd00:ec2::254", "fe80::1", "fe80::1%eth0",
  "febf::1", "fec0::1", "ff02::1", "ff05::fb", "4000::1", "not-an-address",
];
// Public addresses must stay reachable (Okta's orgs are on them); these are controls, not attacks.
const PUBLIC_ADDRESSES = ["8.8.8.8", "52.10.20.30", "100.128.0.1", "172.32.0.1", "192.169.0.1", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "2600:1f18::1", "2a00:1450:4001::1"];

let attacks = 0;
let rejected = 0;
const tally = (refused: boolean): void => {
  attacks++;
  if (refused) rejected++;
};

afterAll(() => {
  reportFigures({
    suite: "ssrf",
    counts: { attacks, attacks_rejected: rejected },
    rows: [
      ["hostile Domain field inputs refused", `${HOSTILE_DOMAINS.length} rows`],
      ["unsafe OKTA_ALLOWED_DOMAINS entries dropped", String(UNSAFE_ALLOW_LIST_ENTRIES.length)],
      ["non-public addresses refused by the classifier", String(NON_PUBLIC_ADDRESSES.length)],
      ["domain/allow-list/address attacks refused", `${rejected}/${attacks}`],
    ],
  });
});

describe("the Domain field refuses every hostile form", () => {
  it.each(HOSTILE_DOMAINS)("%s: %s", (_label, input) => {
    const result = parseOktaDomain(input, RULES);
    tally(!result.ok);
    expect(result).toMatchObject({ ok: false });
    // Every refusal says what to do, and never as an empty or generic line.
    if (!result.ok) expect(result.message).toMatch(/okta|domain|internal|IP address/i);
  });

  it.each(CONTROLS)("control: %s is accepted as %s", (input, origin) => {
    expect(parseOktaDomain(input, RULES)).toMatchObject({ ok: true, origin });
  });
});

describe("OKTA_ALLOWED_DOMAINS can't open an internal host", () => {
  it("drops every unsafe entry and keeps the public one", () => {
    const kept = parseAllowedDomains(RULES.allowedDomains);
    for (const entry of UNSAFE_ALLOW_LIST_ENTRIES) tally(!kept.includes(entry.replace(/^\[|\]$/g, "")) && !kept.includes(entry));
    expect(kept).toEqual(["sso.acme-corp.com"]);
  });
});

describe("the address classifier behind every DNS answer and IP literal", () => {
  it.each(NON_PUBLIC_ADDRESSES)("refuses %s", (address) => {
    const verdict = classifyAddress(address);
    tally(!verdict.allowed);
    expect(verdict).toMatchObject({ allowed: false, kind: expect.any(String) });
  });

  it.each(PUBLIC_ADDRESSES)("control: allows public %s", (address) => {
    expect(classifyAddress(address)).toEqual({ allowed: true });
  });

  it("names the metadata service and private ranges in words an admin understands", () => {
    expect(classifyAddress("169.254.169.254")).toEqual({ allowed: false, kind: "the cloud metadata service" });
    expect(classifyAddress("::ffff:169.254.169.254")).toEqual({ allowed: false, kind: "the cloud metadata service" });
    expect(classifyAddress("10.1.2.3")).toEqual({ allowed: false, kind: "a private address" });
    expect(classifyAddress("::1")).toEqual({ allowed: false, kind: "a loopback address" });
  });
});
