import * as oidc from "openid-client";

/** The discovered configuration, authenticating with another client secret (client_secret_basic, as discovery does). */
export function withClientSecret(discovered: oidc.Configuration, clientSecret: string): oidc.Configuration {
  const metadata = discovered.serverMetadata();
  const config = new oidc.Configuration(metadata, discovered.clientMetadata().client_id, undefined, oidc.ClientSecretBasic(clientSecret));
  // Discovery only succeeds over plain http for DEV_OKTA_HTTP_ORIGINS; keep what it allowed.
  if (new URL(metadata.issuer).protocol === "http:") oidc.allowInsecureRequests(config);
  config.timeout = discovered.timeout;
  // openid-client keeps the fetch per configuration: without this the code exchange and revocation
  // would bypass the SSRF guard and the pinning to the org's origin (lib/net, token-endpoint.ts).
  const guardedFetch = discovered[oidc.customFetch];
  if (guardedFetch) config[oidc.customFetch] = guardedFetch;
  return config;
}
