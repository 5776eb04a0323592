import "server-only";
import { connectionDeps } from "@/lib/connections/server";
import type { TokenLifecycleDeps } from "@/lib/connections";
import { env } from "@/lib/env";
import { createBulkPool } from "@/lib/bulk/pool";
import type { OktaClientOptions, OktaDomainRules } from "@/lib/okta";
import { createPostgresGovernor } from "@/lib/okta/postgres-governor";

/** What a realm operation needs besides its input; tests pass their own database, keys and rules. */
export type RealmDeps = {
  tokens: TokenLifecycleDeps;
  domainRules: OktaDomainRules;
  /** Extra client options (tests: retry timing, fetch spies). */
  okta?: Partial<Omit<OktaClientOptions, "origin" | "getAccessToken" | "onCall">>;
};

let wired: RealmDeps | undefined;

/**
 * The app's wiring: the real database and keys, the Domain field rules from the environment, and the
 * org-wide rate governor shared through Postgres with bulk jobs and other instances (interactive
 * work may use the whole budget; bulk jobs keep a share back for it).
 */
export function realmDeps(): RealmDeps {
  if (!wired) {
    const e = env();
    const governor = e.DATABASE_URL ? createPostgresGovernor({ pool: createBulkPool(e.DATABASE_URL, 4), capacity: 1 }) : undefined;
    wired = {
      tokens: connectionDeps(),
      domainRules: { allowedDomains: e.OKTA_ALLOWED_DOMAINS, devHttpOrigins: e.DEV_OKTA_HTTP_ORIGINS },
      ...(governor ? { okta: { governor } } : {}),
    };
  }
  return wired;
}
