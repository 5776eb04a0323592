import "server-only";
import { keyringFromEnv, type Keyring } from "@/lib/crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createOpenIdRefresher, createOrgClientFactory, parseDevHttpOrigins } from "./token-endpoint";
import type { TokenLifecycleDeps } from "./access-token";
import { connectionOAuthClient, revokeConnectionTokens } from "./oauth-client";
import type { RevocationMaterial } from "./repository";

// The app's wiring: the real database, keys from the validated environment, openid-client against
// the org AS. Scripts and tests build their own deps instead of importing this.
let keyring: Keyring | undefined;
let deps: TokenLifecycleDeps | undefined;
let orgClient: ReturnType<typeof createOrgClientFactory> | undefined;

export function connectionDeps(): TokenLifecycleDeps {
  if (!deps) {
    const e = env();
    keyring ??= keyringFromEnv(e);
    deps = { db: db(), keyring, refreshTokens: createOpenIdRefresher({ devHttpOrigins: parseDevHttpOrigins(e.DEV_OKTA_HTTP_ORIGINS), allowedDomains: e.OKTA_ALLOWED_DOMAINS }) };
  }
  return deps;
}

function orgClientFactory() {
  orgClient ??= createOrgClientFactory({ devHttpOrigins: parseDevHttpOrigins(env().DEV_OKTA_HTTP_ORIGINS), allowedDomains: env().OKTA_ALLOWED_DOMAINS });
  return orgClient;
}

/** openid-client configuration of a connection's org AS, for the authorization-code flow. */
export function oauthClientForConnection(connectionId: string) {
  return connectionOAuthClient({ ...connectionDeps(), orgClient: orgClientFactory() }, connectionId);
}

/** Best-effort revocation of a deleted connection's tokens (see deleteConnection). */
export function revokeDeletedConnectionTokens(material: RevocationMaterial) {
  return revokeConnectionTokens(orgClientFactory(), material);
}
