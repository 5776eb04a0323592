// Koa middleware around oidc-provider's routes that reshapes its answers into Okta's:
// error descriptions at the token endpoint, the introspection body, and OIDC-only scopes in discovery.

import { createHash } from "node:crypto";
import type { KoaContextWithOIDC, Middleware } from "oidc-provider";
import type { OrgDirectory } from "../org/contract";
import { OIDC_SCOPES } from "./scopes";

export const OKTA_MESSAGES = {
  invalidCode: "The authorization code is invalid or has expired.",
  mismatchedClient: "The grant was issued to another client. Ensure that the `client_id` matches the one used at the authorize request.",
  invalidRefresh: "The refresh token is invalid or expired.",
  pkce: "PKCE verification failed.",
  redirectMismatch: "The 'redirect_uri' does not match the redirection URI used in the authorization request.",
  refreshScopes: "Some of the scopes requested for the refresh request were not granted in the original authorize request.",
  invalidClientId: "Invalid value for the `client_id` parameter",
  invalidSecret: "The client secret supplied for a confidential client is invalid.",
  invalidClient: "Client authentication failed. Either the client or the client credentials are invalid.",
  noCredentials: "No client credentials found",
  missingToken: "The `token` parameter is required.",
  unsupportedGrantType: "The grant type in the request isn't supported.",
} as const;

export interface OktaResponseOptions {
  issuer: string;
  routes: { token: string; introspection: string; revocation: string; userinfo: string; jwks: string };
  directory: OrgDirectory;
  /** The error oidc-provider threw for this request (its body only carries a generic description). */
  errorFor(ctx: KoaContextWithOIDC): { error_detail?: unknown } | undefined;
  onReuseDetected(): void;
  onRevocation(): void;
}

interface ErrorBody {
  error: string;
  error_description?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isErrorBody = (value: unknown): value is ErrorBody => isRecord(value) && typeof value.error === "string";

export function oktaResponses(opts: OktaResponseOptions): Middleware {
  const backChannel = new Set<string>([opts.routes.token, opts.routes.introspection, opts.routes.revocation]);
  return async (ctx, next) => {
    await next();
    if (ctx.path === "/.well-known/openid-configuration" && isRecord(ctx.body)) {
      ctx.body = { ...ctx.body, scopes_supported: [...OIDC_SCOPES] };
    } else if (backChannel.has(ctx.path) && isErrorBody(ctx.body)) {
      const body = oktaError(ctx, ctx.body, opts);
      ctx.body = body;
      if (body.error === "invalid_client") ctx.status = 401;
    } else if (ctx.path === opts.routes.introspection && isRecord(ctx.body) && ctx.body.active === true) {
      ctx.body = introspection(ctx.body, ctx.oidc?.params.token, opts);
    } else if (ctx.path === opts.routes.revocation && ctx.status === 200) {
      opts.onRevocation();
    } else if (ctx.path === opts.routes.jwks && ctx.status === 200) {
      // Okta serves its JWKS as plain JSON with a cache lifetime (oauth spec: "respect Cache-Control").
      // Short here: a sandbox restart without a persisted key rotates the key.
      ctx.set("Content-Type", "application/json; charset=utf-8");
      ctx.set("Cache-Control", "max-age=300, must-revalidate");
    } else if (ctx.path === opts.routes.userinfo && (ctx.status === 401 || ctx.status === 403)) {
      // Okta answers a rejected userinfo call with WWW-Authenticate only, no body (oauth spec).
      const status = ctx.status;
      ctx.body = "";
      ctx.status = status;
    }
  };
}

/** oidc-provider's error for a back-channel request → Okta's error and wording (oauth spec examples). */
function oktaError(ctx: KoaContextWithOIDC, body: ErrorBody, opts: OktaResponseOptions): ErrorBody {
  const detail = String(opts.errorFor(ctx)?.error_detail ?? "");
  const description = body.error_description ?? "";
  const grantType = ctx.oidc?.params.grant_type;
  switch (body.error) {
    case "invalid_client": {
      if (detail === "client not found") return { error: "invalid_client", error_description: OKTA_MESSAGES.invalidClientId };
      if (detail === "invalid secret provided") return { error: "invalid_client", error_description: OKTA_MESSAGES.invalidSecret };
      return { error: "invalid_client", error_description: OKTA_MESSAGES.invalidClient };
    }
    case "invalid_request": {
      if (description === "no client authentication mechanism provided") {
        return { error: "invalid_client", error_description: OKTA_MESSAGES.noCredentials };
      }
      if (/missing required parameter.*'token'/.test(description)) return { error: "invalid_request", error_description: OKTA_MESSAGES.missingToken };
      if (description === "requested grant type is not allowed for this client") {
        const app = ctx.oidc?.client ? opts.directory.getApp(ctx.oidc.client.clientId) : undefined;
        return {
          error: "unauthorized_client",
          error_description: `The client is not authorized to use the provided grant type. Configured grant types: [${app?.grantTypes.join(", ") ?? ""}].`,
        };
      }
      return body;
    }
    case "unsupported_grant_type":
      return { error: "unsupported_grant_type", error_description: OKTA_MESSAGES.unsupportedGrantType };
    case "invalid_grant": {
      if (/code_verifier|PKCE/i.test(detail)) return { error: "invalid_grant", error_description: OKTA_MESSAGES.pkce };
      if (grantType === "refresh_token") {
        if (detail === "refresh token already used") opts.onReuseDetected();
        return { error: "invalid_grant", error_description: OKTA_MESSAGES.invalidRefresh };
      }
      if (detail === "client mismatch") return { error: "invalid_grant", error_description: OKTA_MESSAGES.mismatchedClient };
      if (detail.includes("redirect_uri")) return { error: "invalid_grant", error_description: OKTA_MESSAGES.redirectMismatch };
      return { error: "invalid_grant", error_description: OKTA_MESSAGES.invalidCode };
    }
    case "invalid_scope":
      // oidc-provider says invalid_scope for a refresh asking beyond the original scopes; Okta says access_denied.
      if (grantType === "refresh_token") return { error: "access_denied", error_description: OKTA_MESSAGES.refreshScopes };
      return body;
    default:
      return body;
  }
}

/**
 * Okta's shape: sub and username are the login, uid is the user id, aud is the org URL, and jti
 * an "AT."-prefixed id. (oidc-provider omits jti for opaque tokens, where it equals the token.)
 */
function introspection(body: Record<string, unknown>, token: unknown, opts: OktaResponseOptions): Record<string, unknown> {
  const userId = typeof body.sub === "string" ? body.sub : undefined;
  const user = userId ? opts.directory.getUser(userId) : undefined;
  // oidc-provider leaves token_type out for refresh tokens only.
  const isAccessToken = body.token_type !== undefined;
  const jti = typeof body.jti === "string" ? body.jti : typeof token === "string" && isAccessToken ? `AT.${createHash("sha256").update(token).digest("base64url")}` : undefined;
  return {
    active: true,
    token_type: "Bearer",
    scope: body.scope,
    client_id: body.client_id,
    username: user?.login,
    exp: body.exp,
    iat: body.iat,
    sub: user?.login ?? userId,
    aud: opts.issuer,
    iss: opts.issuer,
    jti,
    uid: userId,
  };
}
