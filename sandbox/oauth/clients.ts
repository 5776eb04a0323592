// Org apps → oidc-provider client metadata, read live from the org store on every lookup so an
// admin's change (redirect URIs, grant types, rotated secret) applies to the next request.

import type { Adapter, AdapterPayload } from "oidc-provider";
import type { OAuthApp, OrgDirectory } from "../org/contract";

/** Grant types the sandbox org AS implements (Okta's org AS also has client_credentials, but only with private_key_jwt). */
const SUPPORTED_GRANTS = new Set(["authorization_code", "refresh_token"]);

export function clientMetadata(app: OAuthApp): AdapterPayload {
  const grantTypes = app.grantTypes.filter((g) => SUPPORTED_GRANTS.has(g));
  return {
    client_id: app.clientId,
    client_secret: app.clientSecret,
    client_name: app.name,
    redirect_uris: [...app.redirectUris],
    grant_types: grantTypes,
    response_types: grantTypes.includes("authorization_code") ? ["code"] : [],
    // oidc-provider accepts client_secret_post as well for a client registered with basic
    // (both carry the same shared secret), which is what Okta does for web apps.
    token_endpoint_auth_method: "client_secret_basic",
  };
}

export function clientAdapter(directory: OrgDirectory): Adapter {
  const readOnly = async () => {
    throw new Error("clients are managed by the org store");
  };
  return {
    find: async (id) => {
      const app = directory.getApp(id);
      return app ? clientMetadata(app) : undefined;
    },
    upsert: readOnly,
    consume: readOnly,
    destroy: readOnly,
    revokeByGrantId: async () => undefined,
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
  };
}
