/** Test support: an Okta org authorization server's metadata as Okta publishes it, all on `origin` unless overridden. */
export function orgMetadata(origin: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    issuer: origin,
    authorization_endpoint: `${origin}/oauth2/v1/authorize`,
    token_endpoint: `${origin}/oauth2/v1/token`,
    revocation_endpoint: `${origin}/oauth2/v1/revoke`,
    jwks_uri: `${origin}/oauth2/v1/keys`,
    response_types_supported: ["code"],
    token_endpoint_auth_methods_supported: ["client_secret_basic"],
    ...overrides,
  };
}
