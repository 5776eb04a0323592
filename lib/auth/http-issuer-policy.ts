// Which issuer URLs sign-in may talk to. Auth.js 5.0.0-beta.32 (@auth/core 0.41.3) passes
// oauth4webapi's `allowInsecureRequests: true` on every discovery, token and userinfo request (a
// TODO in its source), so it accepts http issuers silently. We therefore enforce the rule ourselves,
// twice: a provider whose issuer is not https is only configured when its origin is listed in
// DEV_OKTA_HTTP_ORIGINS, and every request the provider makes goes through `policyFetch`, which
// refuses http to any other origin (a discovery document cannot redirect the token call to plain http).
// Pure: no env reads, so it is unit-tested directly.

export type IssuerVerdict =
  | { ok: true; insecure: boolean; origin: string }
  | { ok: false; reason: string };

/** DEV_OKTA_HTTP_ORIGINS ("http://localhost:4010, http://127.0.0.1:4010") → a set of origins. */
export function parseDevHttpOrigins(value: string | undefined): Set<string> {
  const origins = new Set<string>();
  for (const part of (value ?? "").split(",")) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    try {
      origins.add(new URL(trimmed).origin);
    } catch {
      // resolve-env validates the variable's presence only; an unparsable entry simply allows nothing.
    }
  }
  return origins;
}

export function checkIssuer(issuer: string, devHttpOrigins: ReadonlySet<string>): IssuerVerdict {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return { ok: false, reason: `"${issuer}" is not a URL` };
  }
  if (url.username || url.password) return { ok: false, reason: "an issuer URL must not contain credentials" };
  if (url.protocol === "https:") return { ok: true, insecure: false, origin: url.origin };
  if (url.protocol === "http:") {
    if (devHttpOrigins.has(url.origin)) return { ok: true, insecure: true, origin: url.origin };
    return {
      ok: false,
      reason: `${url.origin} is http; only https issuers are accepted unless the origin is listed in DEV_OKTA_HTTP_ORIGINS (development only)`,
    };
  }
  return { ok: false, reason: `${url.protocol} is not an issuer protocol; use https` };
}

/** Whether a request URL may be fetched during sign-in: https anywhere, http only to listed origins. */
export function isAllowedRequestUrl(url: URL, devHttpOrigins: ReadonlySet<string>): boolean {
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && devHttpOrigins.has(url.origin);
}

export class InsecureRequestRefused extends Error {
  constructor(readonly url: string) {
    super(`Refused a sign-in request to ${url}: only https, or http to an origin in DEV_OKTA_HTTP_ORIGINS`);
    this.name = "InsecureRequestRefused";
  }
}

/** A fetch for Auth.js providers (its `customFetch` option) that applies the rule to every request. */
export function policyFetch(devHttpOrigins: ReadonlySet<string>, baseFetch: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!isAllowedRequestUrl(new URL(href), devHttpOrigins)) return Promise.reject(new InsecureRequestRefused(href));
    return baseFetch(input, init);
  };
}
