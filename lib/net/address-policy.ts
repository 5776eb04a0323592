// Which IP addresses the server may open a connection to. Every outbound request (Okta's Management
// API, OAuth discovery/token/revocation, sign-in issuers) ends at an address; only public unicast
// addresses are allowed, so a name that resolves (or is rebound) to loopback, a private network, a
// link-local/cloud-metadata address or anything reserved never gets a connection. Pure and
// dependency-free: the same verdict for the DNS guard, IP literals and the tests.
import { isIP } from "node:net";

export type AddressVerdict = { allowed: true } | { allowed: false; kind: string };

type V4Range = { base: number; bits: number; kind: string };

const v4 = (cidr: string, kind: string): V4Range => {
  const [address = "", bits = "32"] = cidr.split("/");
  const base = parseV4(address);
  if (base === undefined) throw new Error(`bad range ${cidr}`);
  return { base, bits: Number(bits), kind };
};

// IANA's IPv4 Special-Purpose Address Registry, minus nothing: none of these hosts an Okta org.
// The metadata address comes first so the message names it.
const V4_RANGES: readonly V4Range[] = [
  v4("169.254.169.254/32", "the cloud metadata service"),
  v4("0.0.0.0/8", "a 'this network' address"),
  v4("10.0.0.0/8", "a private address"),
  v4("100.64.0.0/10", "a carrier-grade NAT (shared) address"),
  v4("127.0.0.0/8", "a loopback address"),
  v4("169.254.0.0/16", "a link-local address"),
  v4("172.16.0.0/12", "a private address"),
  v4("192.0.0.0/24", "an IETF protocol address"),
  v4("192.0.2.0/24", "a documentation address"),
  v4("192.88.99.0/24", "a 6to4 relay address"),
  v4("192.168.0.0/16", "a private address"),
  v4("198.18.0.0/15", "a benchmarking address"),
  v4("198.51.100.0/24", "a documentation address"),
  v4("203.0.113.0/24", "a documentation address"),
  v4("224.0.0.0/4", "a multicast address"),
  v4("240.0.0.0/4", "a reserved address"),
];

function parseV4(address: string): number | undefined {
  const parts = address.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

function inV4(value: number, range: V4Range): boolean {
  const size = 2 ** (32 - range.bits);
  return Math.floor(value / size) === Math.floor(range.base / size);
}

function classifyV4(address: string): AddressVerdict {
  const value = parseV4(address);
  if (value === undefined) return { allowed: false, kind: "not an IPv4 address" };
  const hit = V4_RANGES.find((range) => inV4(value, range));
  return hit ? { allowed: false, kind: hit.kind } : { allowed: true };
}

/** Eight 16-bit groups, or undefined. Accepts the embedded dotted-quad tail (::ffff:10.0.0.1). */
function parseV6(address: string): number[] | undefined {
  let text = address;
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text)?.[1];
  if (dotted !== undefined) {
    // Rewrite the dotted-quad tail as its two hex groups and parse one form.
    const value = parseV4(dotted);
    if (value === undefined) return undefined;
    text = `${text.slice(0, -dotted.length)}${Math.floor(value / 65536).toString(16)}:${(value % 65536).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const group = (s: string): number[] => (s === "" ? [] : s.split(":").map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN)));
  const head = group(halves[0] ?? "");
  const rest = halves.length === 2 ? group(halves[1] ?? "") : [];
  const total = head.length + rest.length;
  let groups: number[];
  if (halves.length === 2) {
    if (total > 7) return undefined;
    groups = [...head, ...Array<number>(8 - total).fill(0), ...rest];
  } else {
    groups = head;
  }
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g))) return undefined;
  return groups;
}

const embeddedV4 = (hi: number, lo: number): string => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

function classifyV6(address: string): AddressVerdict {
  // A zone id (fe80::1%eth0) only exists for link-local scopes; nothing public carries one.
  if (address.includes("%")) return { allowed: false, kind: "a link-local address" };
  const g = parseV6(address);
  if (g === undefined) return { allowed: false, kind: "not an IPv6 address" };
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const firstSixZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (firstSixZero && g5 === 0 && g6 === 0 && g7 === 0) return { allowed: false, kind: "the unspecified address" };
  if (firstSixZero && g5 === 0 && g6 === 0 && g7 === 1) return { allowed: false, kind: "a loopback address" };
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the embedded IPv4 address.
  if (firstSixZero && g5 === 0xffff) return classifyV4(embeddedV4(g6, g7));
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return classifyV4(embeddedV4(g6, g7));
  // 6to4 (2002:a.b.c.d::/48) tunnels to the embedded IPv4 address.
  if (g0 === 0x2002) return classifyV4(embeddedV4(g1, g2));
  if (firstSixZero) return { allowed: false, kind: "an IPv4-compatible (deprecated) address" };
  if ((g0 & 0xfe00) === 0xfc00) return { allowed: false, kind: g0 === 0xfd00 && g1 === 0x0ec2 ? "the cloud metadata service" : "a private (unique local) address" };
  if ((g0 & 0xffc0) === 0xfe80) return { allowed: false, kind: "a link-local address" };
  if ((g0 & 0xffc0) === 0xfec0) return { allowed: false, kind: "a site-local address" };
  if ((g0 & 0xff00) === 0xff00) return { allowed: false, kind: "a multicast address" };
  if (g0 === 0x64 && g1 === 0xff9b) return { allowed: false, kind: "a local NAT64 address" };
  if (g0 === 0x2001 && g1 === 0x0db8) return { allowed: false, kind: "a documentation address" };
  if (g0 === 0x3fff && g1 < 0x1000) return { allowed: false, kind: "a documentation address" };
  // 2001::/23 holds Teredo (2001::/32, an embedded and obfuscated IPv4 peer), ORCHID and other
  // IETF special-purpose blocks; nothing there is an Okta org.
  if (g0 === 0x2001 && g1 < 0x0200) return { allowed: false, kind: "an IETF special-purpose address" };
  // Everything outside global unicast (2000::/3) is unassigned or special.
  if ((g0 & 0xe000) !== 0x2000) return { allowed: false, kind: "a reserved address" };
  return { allowed: true };
}

/** The verdict for one IP address (v4 dotted quad or v6, brackets allowed). Non-addresses are refused. */
export function classifyAddress(address: string): AddressVerdict {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  const family = isIP(bare.split("%")[0] ?? "");
  if (family === 4) return classifyV4(bare);
  if (family === 6) return classifyV6(bare.toLowerCase());
  return { allowed: false, kind: "not an IP address" };
}

/** True when `host` (as in a URL, brackets allowed) is an IP literal rather than a name. */
export function isIpLiteral(host: string): boolean {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  return isIP(bare.split("%")[0] ?? "") !== 0;
}
