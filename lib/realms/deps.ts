import "server-only";
import { connectionDeps } from "@/lib/connections/server";
import type { TokenLifecycleDeps } from "@/lib/connections";
import { env } from "@/lib/env";
import type { OktaClientOptions, OktaDomainRules } from "@/lib/okta";

/** What a realm operation needs besides its input; tests pass their own database, keys and rules. */
export type RealmDeps = {
  tokens: TokenLifecycleDeps;
  domainRules: OktaDomainRules;
  /** Extra client options (tests: retry timing, fetch spies). */
  okta?: Partial<Omit<OktaClientOptions, "origin" | "getAccessToken" | "onCall">>;
};

let wired: RealmDeps | undefined;

/** The app's wiring: the real database and keys, and the Domain field rules from the environment. */
export function realmDeps(): RealmDeps {
  if (!wired) {
    const e = env();
    wired = { tokens: connectionDeps(), domainRules: { allowedDomains: e.OKTA_ALLOWED_DOMAINS, devHttpOrigins: e.DEV_OKTA_HTTP_ORIGINS } };
  }
  return wired;
}
