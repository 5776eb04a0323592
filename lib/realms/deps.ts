import "server-only";
import { connectionDeps } from "@/lib/connections/server";
import type { TokenLifecycleDeps } from "@/lib/connections";
import { env } from "@/lib/env";
import type { OktaClientOptions, OktaDomainRules } from "@/lib/okta";
import { createRateLimitGovernor } from "@/lib/okta/governor";

/** What a realm operation needs besides its input; tests pass their own database, keys and rules. */
export type RealmDeps = {
  tokens: TokenLifecycleDeps;
  domainRules: OktaDomainRules;
  /** Extra client options (tests: retry timing, fetch spies). */
  okta?: Partial<Omit<OktaClientOptions, "origin" | "getAccessToken" | "onCall">>;
};

let wired: RealmDeps | undefined;

/**
 * The app's wiring: the real database and keys, the Domain field rules from the environment, and
 * the interactive rate governor.
 *
 * Interactive calls are not paced through the Postgres governor that bulk jobs share: that costs
 * six round trips per Okta call under ONE row lock per org, so every click of every member on every
 * instance would queue on that lock (the load bench measured it as a quarter of the app's added
 * latency). Okta's own headers are the shared truth instead: each instance holds a bucket's calls
 * only once Okta says it is spent (Remaining 0, until the reset), bulk jobs keep (1 − capacity) of
 * every bucket back for this interactive work, and they see its spending in the Remaining of their
 * own responses (postgres-governor: "someone outside this governor spends the bucket").
 */
export function realmDeps(): RealmDeps {
  if (!wired) {
    const e = env();
    wired = {
      tokens: connectionDeps(),
      domainRules: { allowedDomains: e.OKTA_ALLOWED_DOMAINS, devHttpOrigins: e.DEV_OKTA_HTTP_ORIGINS },
      okta: { governor: createRateLimitGovernor({ reserve: 0 }) },
    };
  }
  return wired;
}
