import type { AccessTokenInfo } from "../org/contract";
import type { OrgStore } from "../org/store";
import { OktaError } from "../http/okta-error";
import type { ApiResult, Principal, Route } from "./api";

export type TokenVerifier = (token: string) => Promise<AccessTokenInfo | null>;

export interface AuthOptions {
  apiToken: string;
  /** The super admin the SSWS token belongs to (for `/users/me`). */
  apiTokenUserId: () => string;
  verifyAccessToken: TokenVerifier;
  nowMs: () => number;
  orgUrl: string;
}

const bearerChallenge = (orgUrl: string, fields: Record<string, string>) =>
  "Bearer " +
  Object.entries({ authorization_uri: `${orgUrl}/oauth2/v1/authorize`, realm: orgUrl, ...fields })
    .map(([k, v]) => `${k}="${v}"`)
    .join(", ");

/** `SSWS <api token>` or `Bearer <access token>`; anything else is 401 E0000011. */
export async function authenticate(header: string | undefined, path: string, opts: AuthOptions): Promise<Principal> {
  const m = /^(SSWS|Bearer)\s+(\S+)\s*$/i.exec(header ?? "");
  if (m?.[1]?.toUpperCase() === "SSWS") {
    if (m[2] === opts.apiToken) return { kind: "ssws", userId: opts.apiTokenUserId() };
    throw new OktaError("E0000011");
  }
  if (m?.[1]?.toLowerCase() === "bearer" && m[2]) {
    const info = await opts.verifyAccessToken(m[2]);
    if (info && info.exp * 1000 > opts.nowMs()) return { kind: "bearer", token: info };
    throw new OktaError("E0000011", undefined, [], {
      "WWW-Authenticate": bearerChallenge(opts.orgUrl, {
        error: "invalid_token",
        error_description: "The token is not valid.",
        resource: path,
      }),
    });
  }
  throw new OktaError("E0000011");
}

/**
 * A Bearer token must carry the operation's scope (else 403 with an empty body and the
 * WWW-Authenticate challenge Okta sends) and act for an active super admin (else E0000006).
 */
export function authorize(principal: Principal, route: Route, path: string, store: OrgStore, orgUrl: string): ApiResult | null {
  if (principal.kind === "ssws") return null;
  if (!principal.token.scopes.includes(route.scope)) {
    return {
      status: 403,
      headers: {
        "WWW-Authenticate": bearerChallenge(orgUrl, {
          scope: route.scope,
          error: "insufficient_scope",
          error_description: "The access token provided does not contain the required scopes.",
          resource: path,
        }),
      },
    };
  }
  const user = store.users.byId.get(principal.token.sub);
  if (!user || !user.superAdmin || user.status !== "ACTIVE") throw new OktaError("E0000006");
  return null;
}
