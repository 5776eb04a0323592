import "server-only";
// The symbol is @auth/core's (next-auth re-exports the same one); importing it from there keeps this module
// loadable outside Next (unit tests), where next-auth's own entry cannot be imported.
import { customFetch } from "@auth/core";
import type { OIDCConfig } from "next-auth/providers";
import type { AppEnv } from "@/lib/config/resolve-env";
import { createOutboundFetch } from "@/lib/net/outbound-fetch";
import { checkIssuer, parseDevHttpOrigins, policyFetch } from "./http-issuer-policy";

// Sign-in providers from the environment. Any standards-compliant OIDC issuer works: discovery at
// <issuer>/.well-known/openid-configuration, authorization code + PKCE + state + nonce, client
// secret (basic). Okta (AUTH_OKTA_*) and a generic issuer (AUTH_OIDC_*) are offered when fully set;
// in local mode with neither, the sandbox Okta org started by `npm start` (AUTH_SANDBOX_*) is the
// identity provider, id "sandbox".

export type ProviderId = "okta" | "oidc" | "sandbox";
export type ProviderSpec = { id: ProviderId; name: string; issuer: string; clientId: string; clientSecret: string; insecure: boolean };
export type SignInProvider = { id: ProviderId; name: string };
export type ProviderPlan = { specs: ProviderSpec[]; problems: string[]; warnings: string[] };

type Triple = { issuer?: string; id?: string; secret?: string };

function fromTriple(id: ProviderId, name: string, vars: string, t: Triple, devOrigins: ReadonlySet<string>, plan: ProviderPlan): void {
  const present = [t.issuer, t.id, t.secret].filter(Boolean).length;
  if (present === 0) return;
  if (!t.issuer || !t.id || !t.secret) {
    plan.problems.push(`${vars}_ISSUER, ${vars}_ID and ${vars}_SECRET must all be set; the ${name} sign-in is off`);
    return;
  }
  const verdict = checkIssuer(t.issuer, devOrigins);
  if (!verdict.ok) {
    plan.problems.push(`${vars}_ISSUER refused: ${verdict.reason}; the ${name} sign-in is off`);
    return;
  }
  if (verdict.insecure) {
    plan.warnings.push(`DEVELOPMENT SETTING ON: sign-in through ${name} uses plain http (${verdict.origin}) because DEV_OKTA_HTTP_ORIGINS lists it. Never use this in production.`);
  }
  plan.specs.push({ id, name, issuer: t.issuer.replace(/\/+$/, ""), clientId: t.id, clientSecret: t.secret, insecure: verdict.insecure });
}

/** Pure apart from its argument: which providers the environment configures, and what is wrong with it. */
export function planProviders(e: Pick<AppEnv, "APP_MODE" | "DEV_OKTA_HTTP_ORIGINS" | `AUTH_${"OKTA" | "OIDC" | "SANDBOX"}_${"ISSUER" | "ID" | "SECRET"}` | "AUTH_OIDC_NAME">): ProviderPlan {
  const devOrigins = parseDevHttpOrigins(e.DEV_OKTA_HTTP_ORIGINS);
  const plan: ProviderPlan = { specs: [], problems: [], warnings: [] };
  fromTriple("okta", "Okta", "AUTH_OKTA", { issuer: e.AUTH_OKTA_ISSUER, id: e.AUTH_OKTA_ID, secret: e.AUTH_OKTA_SECRET }, devOrigins, plan);
  fromTriple("oidc", e.AUTH_OIDC_NAME ?? "Single sign-on", "AUTH_OIDC", { issuer: e.AUTH_OIDC_ISSUER, id: e.AUTH_OIDC_ID, secret: e.AUTH_OIDC_SECRET }, devOrigins, plan);
  if (plan.specs.length === 0 && e.APP_MODE === "local") {
    fromTriple("sandbox", "Sandbox Okta org", "AUTH_SANDBOX", { issuer: e.AUTH_SANDBOX_ISSUER, id: e.AUTH_SANDBOX_ID, secret: e.AUTH_SANDBOX_SECRET }, devOrigins, plan);
  }
  if (plan.specs.length === 0) {
    plan.problems.push("No sign-in provider is configured: set AUTH_OKTA_ISSUER/ID/SECRET or AUTH_OIDC_ISSUER/ID/SECRET (npm start in local mode uses the sandbox Okta org)");
  }
  return plan;
}

export type OidcProfile = { sub?: string; email?: string; email_verified?: boolean | string; name?: string; preferred_username?: string; picture?: string };

export function signInFetch(devHttpOrigins: string | undefined): typeof fetch {
  const origins = parseDevHttpOrigins(devHttpOrigins);
  return policyFetch(origins, createOutboundFetch({ exemptOrigins: [...origins] }));
}

export function toAuthProvider(spec: ProviderSpec, devHttpOrigins: string | undefined): OIDCConfig<OidcProfile> {
  return {
    id: spec.id,
    name: spec.name,
    type: "oidc",
    issuer: spec.issuer,
    clientId: spec.clientId,
    clientSecret: spec.clientSecret,
    // PKCE (S256) + state + nonce, whatever the provider's defaults.
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: "openid profile email" } },
    profile: (p) => ({
      id: p.sub ?? "",
      email: p.email ?? null,
      name: p.name ?? p.preferred_username ?? null,
      image: p.picture ?? null,
    }),
    // Nothing from the IdP's token response is kept: the app only needs to know who signed in.
    account: () => ({}),
    // Discovery, token and userinfo requests: https (or a listed http origin), then the outbound
    // guard: public addresses only (DEV_OKTA_HTTP_ORIGINS exempt), never following a redirect.
    [customFetch]: signInFetch(devHttpOrigins),
  };
}
