import "server-only";
import { env } from "@/lib/env";
import { parseOktaDomain, type ParsedOktaDomain } from "@/lib/okta";
import { connectionDeps, oauthClientForConnection } from "../server";
import { createOrgClientFactory, parseDevHttpOrigins } from "../token-endpoint";
import type { FinishDeps } from "./finish";
import { logger } from "@/lib/observability/log";

// The app's wiring of the authorization-code flow: the exact redirect URI from APP_URL, the Domain
// field rules from the environment, and discovery for a connection that isn't saved yet.

export const CALLBACK_PATH = "/api/connections/callback";

/** The redirect URI to register on the OAuth app; sent verbatim on /authorize and /token. */
export function connectionRedirectUri(): string {
  return `${env().APP_URL}${CALLBACK_PATH}`;
}

export function parseDomainField(input: string): ParsedOktaDomain {
  const e = env();
  return parseOktaDomain(input, { allowedDomains: e.OKTA_ALLOWED_DOMAINS, devHttpOrigins: e.DEV_OKTA_HTTP_ORIGINS });
}

let discover: ReturnType<typeof createOrgClientFactory> | undefined;

/** Discovery of a new connection's org AS (issuer checked by openid-client) before anything is saved. */
export function discoverOrg(oktaDomain: string, clientId: string, clientSecret: string) {
  discover ??= createOrgClientFactory({ devHttpOrigins: parseDevHttpOrigins(env().DEV_OKTA_HTTP_ORIGINS), allowedDomains: env().OKTA_ALLOWED_DOMAINS });
  return discover(oktaDomain, clientId, clientSecret);
}

export function finishDeps(): FinishDeps {
  const { db, keyring } = connectionDeps();
  return { db, keyring, oauthClient: oauthClientForConnection, log: (line) => logger("connections").error(line.replace(/^\[connections\] /, "")) };
}
