import * as oidc from "openid-client";
import { findDisallowedAddress, type Resolver } from "../net/guarded-lookup";
import { createOutboundFetch } from "../net/outbound-fetch";
import { isSameOrigin, parseOktaDomain } from "../okta/domain";
import { parseScope } from "./secrets";
import type { TokenSet } from "./types";

/** The refresh request, with the decrypted client credentials (never logged). */
export type RefreshRequest = { oktaDomain: string; clientId: string; clientSecret: string; refreshToken: string };

/** The fields of an RFC 6749 token response this app uses. */
export type TokenResponse = {
  access_token: string;
  token_type?: string;
  expires_in?: number;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
};

/** Calls the org authorization server's token endpoint. Injectable for unit tests. */
export type RefreshTokens = (request: RefreshRequest) => Promise<TokenResponse>;

/**
 * How a failed refresh is treated: `invalid_grant` and `rejected` (e.g. invalid_client) need a person;
 * `transient` (network, timeout, 5xx) and `configuration` (e.g. http org not allowed) mark DEGRADED.
 */
export type RefreshFailureKind = "invalid_grant" | "rejected" | "transient" | "configuration";

export class TokenEndpointError extends Error {
  constructor(
    readonly kind: RefreshFailureKind,
    message: string,
    readonly oauthError?: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "TokenEndpointError";
  }
}

const TRANSIENT_OAUTH_ERRORS = new Set(["server_error", "temporarily_unavailable"]);
const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

/** Maps whatever the token call threw to a {@link TokenEndpointError} with a message safe to show. */
export function classifyRefreshError(error: unknown): TokenEndpointError {
  if (error instanceof TokenEndpointError) return error;
  // Refused by the outbound guard before anything was sent: a setting to fix, not a blip to retry.
  const disallowed = findDisallowedAddress(error);
  if (disallowed) return new TokenEndpointError("configuration", `${disallowed.message} Check the connection's domain.`);
  if (error instanceof OffOriginRequestError) return new TokenEndpointError("configuration", error.message);
  if (error instanceof oidc.ResponseBodyError) {
    const described = `${error.error}${error.error_description ? `: ${clip(error.error_description)}` : ""}`;
    if (error.status >= 500 || TRANSIENT_OAUTH_ERRORS.has(error.error)) {
      return new TokenEndpointError("transient", `Okta's token endpoint failed (HTTP ${error.status}, ${described})`, error.error, error.status);
    }
    if (error.error === "invalid_grant") {
      return new TokenEndpointError("invalid_grant", `Okta rejected the refresh token (${described})`, error.error, error.status);
    }
    const hint = error.error === "invalid_client" ? "; check the connection's client ID and secret" : "";
    return new TokenEndpointError("rejected", `Okta refused the token refresh (${described})${hint}`, error.error, error.status);
  }
  if (error instanceof oidc.WWWAuthenticateChallengeError && error.status === 401) {
    return new TokenEndpointError("rejected", "Okta refused the client credentials (HTTP 401); check the connection's client ID and secret", "invalid_client", 401);
  }
  if (error instanceof oidc.ClientError && error.code === "OAUTH_RESPONSE_IS_NOT_CONFORM") {
    // openid-client puts the Response in `cause` (a 5xx without an OAuth error body lands here).
    const status = error.cause instanceof Response ? error.cause.status : undefined;
    return new TokenEndpointError("transient", `Okta's token endpoint answered HTTP ${status ?? "with an unexpected status"}`, undefined, status);
  }
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new TokenEndpointError("transient", "Okta's token endpoint did not answer in time");
  }
  // Network errors, discovery failures and anything unknown: not the user's fault, retry later.
  const detail = error instanceof Error && error.message ? ` (${clip(error.message)})` : "";
  return new TokenEndpointError("transient", `Could not reach Okta to refresh the token${detail}`);
}

/**
 * The org authorization server's issuer for an Okta domain: `https://<domain>`. Plain http only for
 * origins listed in DEV_OKTA_HTTP_ORIGINS (the sandbox and other local stand-ins).
 */
export function orgIssuer(oktaDomain: string, devHttpOrigins: readonly string[]): URL {
  const hasScheme = /^[a-z]+:\/\//i.test(oktaDomain);
  let url = new URL(hasScheme ? oktaDomain : `https://${oktaDomain}`);
  if (!hasScheme && devHttpOrigins.includes(new URL(`http://${oktaDomain}`).origin)) url = new URL(`http://${oktaDomain}`);
  if (url.protocol === "http:" && !devHttpOrigins.includes(url.origin)) {
    throw new TokenEndpointError("configuration", `${url.origin} is not https; plain http is only allowed for origins in DEV_OKTA_HTTP_ORIGINS`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TokenEndpointError("configuration", `Unsupported Okta domain ${JSON.stringify(oktaDomain)}`);
  }
  return new URL(url.origin);
}

/** `DEV_OKTA_HTTP_ORIGINS` (comma-separated) → normalised origins. */
export function parseDevHttpOrigins(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v.length > 0)
    .map((v) => new URL(v).origin);
}

export type OpenIdClientOptions = {
  devHttpOrigins: readonly string[];
  /**
   * OKTA_ALLOWED_DOMAINS. The stored domain is re-checked before every discovery, so a custom domain
   * the operator has since removed gets no client secret or refresh token (not only no API calls).
   */
  allowedDomains?: string | readonly string[];
  /** Seconds per HTTP call; keep well under the refresh lease (see access-token.ts). */
  timeoutSeconds?: number;
  /** How long discovered server metadata is reused. */
  metadataTtlMs?: number;
  /** Name resolution for the outbound guard; tests inject DNS answers. Default: the system resolver. */
  resolve?: Resolver;
};

/** A request the org client refused because it left the org's origin (see orgFetch). */
class OffOriginRequestError extends Error {
  constructor(readonly issuerOrigin: string) {
    // The foreign URL comes from the discovery document, so it is left out of the message.
    super(`Okta's metadata pointed outside the org (${issuerOrigin}); this app only calls the org's own origin`);
    this.name = "OffOriginRequestError";
  }
}

/**
 * The fetch openid-client uses for one org: every request (discovery, token, revocation, userinfo)
 * must be on the issuer's origin, because a discovery document could name any endpoint and the
 * client secret and tokens go with the call; then the outbound guard (public addresses only, no
 * redirects, DEV_OKTA_HTTP_ORIGINS exempt).
 */
function orgFetch(issuer: URL, outbound: typeof fetch): oidc.CustomFetch {
  return (url, init) => {
    if (!isSameOrigin(url, issuer.origin)) return Promise.reject(new OffOriginRequestError(issuer.origin));
    // A Uint8Array body is copied onto its own ArrayBuffer, which is what RequestInit's type wants.
    const { body, ...rest } = init;
    return outbound(url, { ...rest, body: body instanceof Uint8Array ? new Uint8Array(body) : body });
  };
}

/**
 * An openid-client configuration for the connection's org AS (discovery of `https://<oktaDomain>`,
 * client_secret_basic). Also what the authorization-code flow should use.
 */
export function createOrgClientFactory(options: OpenIdClientOptions) {
  const ttl = options.metadataTtlMs ?? 60 * 60 * 1000;
  const timeout = options.timeoutSeconds ?? 10;
  const cache = new Map<string, { metadata: oidc.ServerMetadata; at: number }>();
  const outbound = createOutboundFetch({ exemptOrigins: options.devHttpOrigins, resolve: options.resolve });

  return async function orgClient(oktaDomain: string, clientId: string, clientSecret: string): Promise<oidc.Configuration> {
    const checked = parseOktaDomain(oktaDomain, { allowedDomains: options.allowedDomains, devHttpOrigins: options.devHttpOrigins });
    if (!checked.ok) throw new TokenEndpointError("configuration", `The connection's Okta domain is not allowed any more: ${checked.message}`);
    const issuer = orgIssuer(oktaDomain, options.devHttpOrigins);
    const insecure = issuer.protocol === "http:";
    const auth = oidc.ClientSecretBasic(clientSecret);
    const fetchOrg = orgFetch(issuer, outbound);
    const cached = cache.get(issuer.href);
    let config: oidc.Configuration;
    if (cached && Date.now() - cached.at < ttl) {
      config = new oidc.Configuration(cached.metadata, clientId, undefined, auth);
      config[oidc.customFetch] = fetchOrg;
      if (insecure) oidc.allowInsecureRequests(config);
    } else {
      config = await oidc.discovery(issuer, clientId, undefined, auth, {
        timeout,
        [oidc.customFetch]: fetchOrg,
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      });
      cache.set(issuer.href, { metadata: config.serverMetadata(), at: Date.now() });
    }
    config.timeout = timeout;
    return config;
  };
}

/** The production {@link RefreshTokens}: openid-client's refresh_token grant against the org AS. */
export function createOpenIdRefresher(options: OpenIdClientOptions): RefreshTokens {
  const orgClient = createOrgClientFactory(options);
  return async ({ oktaDomain, clientId, clientSecret, refreshToken }) => {
    const config = await orgClient(oktaDomain, clientId, clientSecret);
    const response = await oidc.refreshTokenGrant(config, refreshToken);
    return {
      access_token: response.access_token,
      token_type: response.token_type,
      expires_in: response.expires_in,
      refresh_token: response.refresh_token,
      id_token: response.id_token,
      scope: response.scope,
    };
  };
}

/**
 * A token response as a {@link TokenSet}. A response without a refresh token keeps the previous one
 * (Okta omits it unless rotation is on); the same for the ID token and a missing scope.
 */
export function tokenSetFromResponse(response: TokenResponse, nowMs: number, previous?: TokenSet | null): TokenSet {
  const refreshToken = response.refresh_token ?? previous?.refreshToken;
  const idToken = response.id_token ?? previous?.idToken;
  return {
    accessToken: response.access_token,
    tokenType: response.token_type ?? "Bearer",
    // Okta always sends expires_in (3600 for the org AS); without it assume the org AS lifetime.
    expiresAt: new Date(nowMs + (response.expires_in ?? 3600) * 1000),
    scope: response.scope !== undefined ? parseScope(response.scope) : (previous?.scope ?? []),
    ...(refreshToken !== undefined ? { refreshToken } : {}),
    ...(idToken !== undefined ? { idToken } : {}),
  };
}
