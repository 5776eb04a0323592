// Koa middleware around oidc-provider's routes that reshapes its answers into Okta's:
// error descriptions at the token endpoint, the introspection body, and OIDC-only scopes in discovery.

import { createHash } from "node:crypto";
import type { KoaContextWithOIDC, Middleware } from "oidc-provider";
import type { OrgDirectory } from "../org/contract";
import { OIDC_SCOPES } from "./scopes";

export const OKTA_MESSAGES = {
  invalidCode: "The authorization code is invalid or has expired.",
  invalidRefresh: "The refresh token is invalid or expired.",
  pkce: "PKCE verification failed.",
  redirectMismatch: "The 'redirect_uri' does not match the redirection URI used in the authorization request.",
  refreshScopes: "Some of the scopes requested for the refresh request were not granted in the original authorize request.",
  invalidClient: "Client authentication failed. Either the client or the client credentials are invalid.",
} as const;

export interface OktaResponseOptions {
  issuer: string;
  routes: { token: string; introspection: string; revocation: string };
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
  return async (ctx, next) => {
    await next();
    if (ctx.path === "/.well-known/openid-configuration" && isRecord(ctx.body)) {
      ctx.body = { ...ctx.body, scopes_supported: [...OIDC_SCOPES] };
    } else if (ctx.path === opts.routes.token && isErrorBody(ctx.body)) {
      ctx.body = tokenError(ctx, ctx.body, opts);
    } else if (ctx.path === opts.routes.introspection && isRecord(ctx.body) && ctx.body.active === true) {
      ctx.body = introspection(ctx.body, ctx.oidc?.params.token, opts);
    } else if (ctx.path === opts.routes.revocation && ctx.status === 200) {
      opts.onRevocation();
    }
    if (isErrorBody(ctx.body) && ctx.body.error === "invalid_client") {
      ctx.body = { error: "invalid_client", error_description: OKTA_MESSAGES.invalidClient };
    }
  };
}

function tokenError(ctx: KoaContextWithOIDC, body: ErrorBody, opts: OktaResponseOptions): ErrorBody {
  const detail = String(opts.errorFor(ctx)?.error_detail ?? "");
  const grantType = ctx.oidc?.params.grant_type;
  if (body.error === "invalid_grant") {
    if (/code_verifier|PKCE/i.test(detail)) return { error: "invalid_grant", error_description: OKTA_MESSAGES.pkce };
    if (grantType === "refresh_token") {
      if (detail === "refresh token already used") opts.onReuseDetected();
      return { error: "invalid_grant", error_description: OKTA_MESSAGES.invalidRefresh };
    }
    if (detail.includes("redirect_uri")) return { error: "invalid_grant", error_description: OKTA_MESSAGES.redirectMismatch };
    return { error: "invalid_grant", error_description: OKTA_MESSAGES.invalidCode };
  }
  if (body.error === "invalid_request" && body.error_description === "requested grant type is not allowed for this client") {
    const app = ctx.oidc?.client ? opts.directory.getApp(ctx.oidc.client.clientId) : undefined;
    return {
      error: "unauthorized_client",
      error_description: `The client is not authorized to use the provided grant type. Configured grant types: [${app?.grantTypes.join(", ") ?? ""}].`,
    };
  }
  if (body.error === "invalid_scope" && grantType === "refresh_token") {
    // oidc-provider says invalid_scope for a refresh asking beyond the original scopes; Okta says access_denied.
    return { error: "access_denied", error_description: OKTA_MESSAGES.refreshScopes };
  }
  return body;
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
