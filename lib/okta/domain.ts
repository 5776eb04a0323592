// What an admin may paste into a connection's "Domain" field, and the one origin every Okta call is
// then pinned to. The app fetches whatever origin is stored here with a bearer token, so anything
// that could resolve inside our network (IP literals, metadata endpoints, internal names) is refused:
// this is the SSRF boundary, not just input tidying.

export type OktaEnvironment = "production" | "preview" | "custom" | "development";

export type ParsedOktaDomain =
  | { ok: true; origin: string; host: string; environment: OktaEnvironment }
  | { ok: false; message: string };

export type OktaDomainRules = {
  /** Custom Okta domains (exact host names) the operator allows, from OKTA_ALLOWED_DOMAINS. */
  allowedDomains?: string | readonly string[];
  /**
   * Exact http(s) origins allowed to act as an Okta org, from DEV_OKTA_HTTP_ORIGINS (the sandbox on
   * http://127.0.0.1:<port>). A development setting; the env layer refuses it in production.
   */
  devHttpOrigins?: string | readonly string[];
};

const OKTA_HOST = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.(okta|okta-emea|oktapreview)\.com$/;

/**
 * Names that only resolve inside a network or never publicly (RFC 6761/6762, RFC 7686, RFC 8375,
 * RFC 9476, ICANN's .internal, common private TLDs). Checked on the name; the outbound guard
 * (lib/net) then checks what any other name resolves to.
 */
const INTERNAL_SUFFIXES = [
  "localhost",
  "test",
  "invalid",
  "example",
  "onion",
  "alt",
  "arpa",
  "local",
  "internal",
  "lan",
  "home.arpa",
  "corp",
  "home",
  "intranet",
  "private",
  "localdomain",
];

const EXAMPLE = "Enter your Okta domain, for example acme.okta.com, acme.okta-emea.com or acme.oktapreview.com.";

/** Splits a comma/whitespace-separated env value; arrays pass through. */
export function splitList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const items = typeof value === "string" ? value.split(/[\s,]+/) : value;
  return items.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** `https://x/` → `https://x`; undefined for anything that isn't a bare http(s) origin. */
function normaliseOrigin(raw: string): string | undefined {
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    if (url.username || url.password) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/** The development origins as exact origins; entries that aren't one are ignored rather than widened. */
export function parseDevHttpOrigins(value: string | readonly string[] | undefined): string[] {
  return splitList(value).flatMap((entry) => {
    const origin = normaliseOrigin(entry);
    return origin === undefined ? [] : [origin];
  });
}

type HostVerdict = { ok: true } | { ok: false; message: string };

function isIpLiteral(host: string): boolean {
  // WHATWG URL parsing has already turned decimal (2130706433), octal (0177.0.0.1) and hex (0x7f.1)
  // IPv4 forms into dotted quads and put IPv6 in brackets, so these two checks cover every spelling.
  return host.startsWith("[") || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

/** Refusals that apply to every host, including allow-listed custom domains. */
function checkHostSafety(host: string): HostVerdict {
  if (isIpLiteral(host)) {
    return { ok: false, message: `${host} is an IP address. Enter your Okta org's domain name, for example acme.okta.com.` };
  }
  if (!host.includes(".")) {
    return { ok: false, message: `"${host}" is not a full domain. ${EXAMPLE}` };
  }
  const internal = INTERNAL_SUFFIXES.find((suffix) => host === suffix || host.endsWith(`.${suffix}`));
  if (internal !== undefined) {
    return {
      ok: false,
      message: `${host} is an internal or local name (.${internal}). Okta orgs live on public domains; ${EXAMPLE.charAt(0).toLowerCase()}${EXAMPLE.slice(1)}`,
    };
  }
  if (!/^[a-z0-9.-]+$/.test(host) || host.split(".").some((label) => label.length === 0 || label.length > 63)) {
    return { ok: false, message: `${host} is not a valid domain name. ${EXAMPLE}` };
  }
  return { ok: true };
}

/** Allow-list entries go through the same safety checks: an operator typo must not open an internal host. */
export function parseAllowedDomains(value: string | readonly string[] | undefined): string[] {
  return splitList(value).flatMap((entry) => {
    const host = entry.toLowerCase().replace(/^https?:\/\//, "").replace(/[/:].*$/, "").replace(/\.$/, "");
    return checkHostSafety(host).ok ? [host] : [];
  });
}

type Candidate = { url: URL; hadScheme: boolean };

function toUrl(input: string): Candidate | { error: string } {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input);
  if (scheme && !/^https?$/i.test(scheme[1] ?? "")) {
    return { error: `Only the domain is needed (no ${scheme[1]}://). ${EXAMPLE}` };
  }
  if (!scheme && /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(input)) {
    return { error: `That doesn't look like a domain. ${EXAMPLE}` };
  }
  try {
    return { url: new URL(scheme ? input : `https://${input}`), hadScheme: scheme !== null };
  } catch {
    return { error: `That doesn't look like a domain. ${EXAMPLE}` };
  }
}

/**
 * Parses the "Domain" field of a connection. Accepts `acme.okta.com`, `https://acme-admin.okta.com/admin/…`
 * and the like, and returns the https origin all calls for the connection must use.
 */
export function parseOktaDomain(raw: string, rules: OktaDomainRules = {}): ParsedOktaDomain {
  const input = raw.trim();
  if (input.length === 0) return { ok: false, message: EXAMPLE };
  if (/\s/.test(input)) return { ok: false, message: `The domain can't contain spaces. ${EXAMPLE}` };
  // URL parsing treats "\" as "/" for http(s), which would let "evil.com\@acme.okta.com" pick a host
  // the admin didn't see; nobody pastes a backslash into a domain on purpose.
  if (input.includes("\\")) return { ok: false, message: `That doesn't look like a domain. ${EXAMPLE}` };

  const devOrigins = parseDevHttpOrigins(rules.devHttpOrigins);
  if (devOrigins.length > 0) {
    const forms = /^https?:\/\//i.test(input) ? [input] : [`http://${input}`, `https://${input}`];
    for (const form of forms) {
      const origin = normaliseOrigin(form);
      if (origin !== undefined && devOrigins.includes(origin)) {
        return { ok: true, origin, host: new URL(origin).host, environment: "development" };
      }
    }
  }

  const bare = input.replace(/^https?:\/\//i, "").replace(/[/?#].*$/, "");
  if (/^\[?[0-9a-f]*:[0-9a-f:.]*:[0-9a-f:.%]*\]?(:\d+)?$/i.test(bare)) {
    return { ok: false, message: `${bare} is an IP address. Enter your Okta org's domain name, for example acme.okta.com.` };
  }

  if (bare.includes("@")) {
    return { ok: false, message: `Remove the part before "@": only the domain is needed. ${EXAMPLE}` };
  }

  const parsed = toUrl(input);
  if ("error" in parsed) return { ok: false, message: parsed.error };
  const { url } = parsed;
  if (url.username || url.password) {
    return { ok: false, message: `Remove the part before "@": only the domain is needed. ${EXAMPLE}` };
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const safety = checkHostSafety(host);
  if (!safety.ok) return safety;
  if (url.port !== "" && url.port !== "443") {
    return { ok: false, message: `Okta domains don't use a port (:${url.port}). ${EXAMPLE}` };
  }

  const okta = OKTA_HOST.exec(host);
  if (okta) {
    const [, label = "", family = ""] = okta;
    // The Admin Console lives on <org>-admin.okta.com; the API is served by the org host itself.
    const org = label.endsWith("-admin") ? label.slice(0, -"-admin".length) : label;
    if (org.length === 0 || org.endsWith("-")) return { ok: false, message: `${host} is not an Okta org domain. ${EXAMPLE}` };
    const orgHost = `${org}.${family}.com`;
    return {
      ok: true,
      origin: `https://${orgHost}`,
      host: orgHost,
      environment: family === "oktapreview" ? "preview" : "production",
    };
  }
  if (/(^|\.)(okta|okta-emea|oktapreview)\.com$/.test(host)) {
    return {
      ok: false,
      message: `${host} is not an Okta org domain: use your org's own domain, a single name before the Okta domain, for example acme.okta.com.`,
    };
  }
  if (parseAllowedDomains(rules.allowedDomains).includes(host)) {
    return { ok: true, origin: `https://${host}`, host, environment: "custom" };
  }
  return {
    ok: false,
    message: `${host} is not an Okta domain. Use your org's okta.com, okta-emea.com or oktapreview.com domain; a custom domain has to be added to OKTA_ALLOWED_DOMAINS by whoever runs this app.`,
  };
}

export class OktaOriginMismatchError extends Error {
  constructor(readonly expectedOrigin: string) {
    // The offending URL is left out on purpose: it may come from an upstream header.
    super(`Refused a request outside this connection's Okta org (${expectedOrigin}).`);
    this.name = "OktaOriginMismatchError";
  }
}

/** True when `url` (absolute) is on exactly `origin` (scheme, host and port). */
export function isSameOrigin(url: string | URL, origin: string): boolean {
  try {
    const target = typeof url === "string" ? new URL(url) : url;
    return target.origin === new URL(origin).origin && target.username === "" && target.password === "";
  } catch {
    return false;
  }
}

/**
 * The guard in front of every fetch: the URL must be on the connection's validated origin. Link
 * headers come from upstream, so a "next" page pointing elsewhere is refused here, not followed.
 */
export function assertSameOrigin(url: string | URL, origin: string): URL {
  if (!isSameOrigin(url, origin)) throw new OktaOriginMismatchError(origin);
  return typeof url === "string" ? new URL(url) : url;
}
