import type { Configuration } from "openid-client";
import * as oidc from "openid-client";
import { ConnectionError } from "./errors";
import { loadDecryptedConnection, type RevocationMaterial } from "./repository";
import type { createOrgClientFactory } from "./token-endpoint";
import type { ConnectionDeps } from "./types";

export type OrgClientFactory = ReturnType<typeof createOrgClientFactory>;

/**
 * The openid-client configuration of a connection's org AS, for the authorization-code flow
 * (buildAuthorizationUrl / authorizationCodeGrant). The client secret stays inside the
 * configuration's client authentication, so callers never handle it.
 */
export async function connectionOAuthClient(
  deps: ConnectionDeps & { orgClient: OrgClientFactory },
  connectionId: string,
): Promise<{ config: Configuration; requestedScopes: string[]; oktaDomain: string; clientId: string }> {
  const conn = await loadDecryptedConnection(deps, connectionId);
  if (!conn) throw new ConnectionError("NOT_FOUND", "Connection not found", connectionId);
  const config = await deps.orgClient(conn.oktaDomain, conn.clientId, conn.clientSecret);
  return { config, requestedScopes: conn.requestedScopes, oktaDomain: conn.oktaDomain, clientId: conn.clientId };
}

/**
 * Best-effort revocation after `deleteConnection` (refresh token first: revoking it ends the grant).
 * Okta answers 200 even for already-invalid tokens; failures are returned, not thrown, because the
 * connection is already gone and the user should still see "deleted".
 */
export async function revokeConnectionTokens(orgClient: OrgClientFactory, material: RevocationMaterial): Promise<{ revoked: number; errors: string[] }> {
  const errors: string[] = [];
  let revoked = 0;
  let config: Configuration;
  try {
    config = await orgClient(material.oktaDomain, material.clientId, material.clientSecret);
  } catch (error) {
    return { revoked, errors: [error instanceof Error ? error.message : "could not reach Okta"] };
  }
  const tokens: [string | undefined, string][] = [
    [material.refreshToken, "refresh_token"],
    [material.accessToken, "access_token"],
  ];
  for (const [token, hint] of tokens) {
    if (!token) continue;
    try {
      await oidc.tokenRevocation(config, token, { token_type_hint: hint });
      revoked++;
    } catch (error) {
      errors.push(`${hint}: ${error instanceof Error ? error.message : "revocation failed"}`);
    }
  }
  return { revoked, errors };
}
