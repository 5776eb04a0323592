// Okta's org authorization server scope rules, kept free of oidc-provider so they can be tested
// and reasoned about on their own. Source: okta-facts §3 "Scopes that aren't granted to the app".

import type { OAuthApp } from "../org/contract";

/** The OIDC scopes the org AS advertises in discovery (`scopes_supported`): no okta.* scopes. */
export const OIDC_SCOPES = ["openid", "profile", "email", "address", "phone", "groups", "offline_access"] as const;

/**
 * Every okta.* scope named in a security block of the Management API spec
 * (`grep -oE "okta\.[a-zA-Z.]+" management-minimal.yaml`, minus host names such as okta.com and
 * truncated fragments such as okta.p). Hard-coded so the sandbox does not parse a 90k-line YAML at start.
 */
export const OKTA_API_SCOPES = [
  "okta.agentPools.manage", "okta.agentPools.read",
  "okta.apiTokens.manage", "okta.apiTokens.read",
  "okta.appGrants.manage", "okta.appGrants.read",
  "okta.apps.manage", "okta.apps.read",
  "okta.apps.interclientTrust.manage", "okta.apps.interclientTrust.read",
  "okta.authenticators.manage", "okta.authenticators.read",
  "okta.authorizationServers.manage", "okta.authorizationServers.read",
  "okta.behaviors.manage", "okta.behaviors.read",
  "okta.botProtection.manage", "okta.botProtection.read",
  "okta.brands.manage", "okta.brands.read",
  "okta.captchas.manage", "okta.captchas.read",
  "okta.customTelephonyProvider.manage", "okta.customTelephonyProvider.read",
  "okta.deviceAssurance.manage", "okta.deviceAssurance.read",
  "okta.deviceIntegrations.manage", "okta.deviceIntegrations.read",
  "okta.devicePostureChecks.manage", "okta.devicePostureChecks.read",
  "okta.devices.manage", "okta.devices.read",
  "okta.directories.groups.manage", "okta.directories.groups.read",
  "okta.domains.manage", "okta.domains.read",
  "okta.dr.manage", "okta.dr.read",
  "okta.emailDomains.manage", "okta.emailDomains.read",
  "okta.emailServers.manage", "okta.emailServers.read",
  "okta.eventHooks.manage", "okta.eventHooks.read",
  "okta.features.manage", "okta.features.read",
  "okta.groups.manage", "okta.groups.read",
  "okta.identitySources.manage", "okta.identitySources.read",
  "okta.idps.manage", "okta.idps.read",
  "okta.inlineHooks.manage", "okta.inlineHooks.read",
  "okta.linkedObjects.manage", "okta.linkedObjects.read",
  "okta.logStreams.manage", "okta.logStreams.read",
  "okta.logs.read",
  "okta.networkZones.manage", "okta.networkZones.read",
  "okta.oauthIntegrations.manage", "okta.oauthIntegrations.read",
  "okta.orgs.manage", "okta.orgs.read",
  "okta.personal.adminSettings.manage", "okta.personal.adminSettings.read",
  "okta.policies.manage", "okta.policies.read",
  "okta.principalRateLimits.manage", "okta.principalRateLimits.read",
  "okta.profileMappings.manage", "okta.profileMappings.read",
  "okta.pushProviders.manage", "okta.pushProviders.read",
  "okta.rateLimits.manage", "okta.rateLimits.read",
  "okta.realmAssignments.manage", "okta.realmAssignments.read",
  "okta.realms.manage", "okta.realms.read",
  "okta.roles.manage", "okta.roles.read",
  "okta.schemas.manage", "okta.schemas.read",
  "okta.securityEventsProviders.manage", "okta.securityEventsProviders.read",
  "okta.serviceAccounts.manage", "okta.serviceAccounts.read",
  "okta.serviceAccounts.okta.manage", "okta.serviceAccounts.okta.read",
  "okta.sessions.manage", "okta.sessions.read",
  "okta.templates.manage", "okta.templates.read",
  "okta.threatInsights.manage", "okta.threatInsights.read",
  "okta.trustedOrigins.manage", "okta.trustedOrigins.read",
  "okta.uischemas.manage", "okta.uischemas.read",
  "okta.userRisk.manage", "okta.userRisk.read",
  "okta.userTypes.manage", "okta.userTypes.read",
  "okta.users.manage", "okta.users.read",
  "okta.users.userprofile.manage",
] as const;

const OIDC = new Set<string>(OIDC_SCOPES);
const OKTA = new Set<string>(OKTA_API_SCOPES);

/** Every scope the org AS knows; oidc-provider must recognise all of them or it silently drops them. */
export const ALL_SCOPES: readonly string[] = [...OIDC_SCOPES, ...OKTA_API_SCOPES];

export const isOktaApiScope = (scope: string): boolean => scope.startsWith("okta.");

/** Okta's wording, from okta-developer-docs data/oauth2-error-codes.json (okta-facts §3). */
export const SCOPE_ERRORS = {
  none: { error: "invalid_scope", description: "No scopes were requested." },
  unknown: {
    error: "invalid_scope",
    description: "One or more scopes are not configured for the authorization server resource.",
  },
  noneGranted: { error: "consent_required", description: "You are not allowed any of the requested scopes." },
} as const;

export type ScopeDecision =
  | { ok: true; scopes: string[] }
  | { ok: false; error: string; description: string };

export function parseScope(value: unknown): string[] {
  if (typeof value !== "string") return [];
  return [...new Set(value.split(" ").filter((s) => s.length > 0))];
}

/**
 * What the org AS does with the `scope` of an authorize request for `app`:
 * unknown scope → invalid_scope; okta.* scopes asked for but none granted → consent_required;
 * otherwise the requested OIDC scopes plus only the granted okta.* scopes. offline_access survives
 * only when the app may use the refresh_token grant (else no refresh token is ever issued).
 */
export function decideAuthorizeScopes(requested: string[], app: OAuthApp): ScopeDecision {
  if (requested.length === 0) return { ok: false, ...SCOPE_ERRORS.none };
  if (requested.some((s) => !OIDC.has(s) && !OKTA.has(s))) return { ok: false, ...SCOPE_ERRORS.unknown };

  const oktaRequested = requested.filter(isOktaApiScope);
  const oktaGranted = oktaRequested.filter((s) => app.grantedScopes.has(s));
  if (oktaRequested.length > 0 && oktaGranted.length === 0) return { ok: false, ...SCOPE_ERRORS.noneGranted };

  const refreshAllowed = app.grantTypes.includes("refresh_token");
  const oidc = requested.filter((s) => OIDC.has(s) && (s !== "offline_access" || refreshAllowed));
  return { ok: true, scopes: [...oidc, ...oktaGranted] };
}

/** Drops okta.* scopes an admin has revoked on the app since they were granted (used on refresh). */
export function withoutRevokedGrants(scopes: string[], app: OAuthApp): string[] {
  return scopes.filter((s) => !isOktaApiScope(s) || app.grantedScopes.has(s));
}
