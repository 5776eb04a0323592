// How a bulk job reaches Okta: the job's connection (token refresh single-flight across processes),
// its scopes checked before any call, its domain re-validated, and the shared Postgres governor at
// the job's share of the budget. Pure (no Next): the app, the benchmark and the tests wire it.
import type pg from "pg";
import { accessTokenProvider, getConnectionSummary, type TokenLifecycleDeps } from "@/lib/connections";
import {
  createOktaClient,
  missingScopes,
  OktaInsufficientScopeError,
  parseOktaDomain,
  type OktaClient,
  type OktaClientOptions,
  type OktaDomainRules,
  type OktaOperation,
} from "@/lib/okta";
import { createPostgresGovernor } from "@/lib/okta/postgres-governor";
import { REAUTHORIZE_THEN_RESUME } from "@/lib/bulk/connection-failures";
import type { BulkJobRow } from "@/lib/bulk/types";

/** A move is a partial user update; a lookup (preview, read-back after a failed POST) a user read. */
export const MOVE_OPERATIONS: readonly OktaOperation[] = ["updateUser", "getUser"];

export class BulkConnectionError extends Error {}

export type BulkOktaDeps = {
  pool: pg.Pool;
  tokens: TokenLifecycleDeps;
  domainRules: OktaDomainRules;
  /** Extra client options (tests: retry timing). */
  okta?: Partial<Omit<OktaClientOptions, "origin" | "getAccessToken" | "governor">>;
};

/** Refuses with Okta's Insufficient Scope error when the connection lacks what a move needs. */
export function assertMoveScopes(grantedScopes: readonly string[]): void {
  const missing = missingScopes(MOVE_OPERATIONS, grantedScopes);
  if (missing.length > 0) throw new OktaInsufficientScopeError(missing, { operation: MOVE_OPERATIONS.join(",") });
}

export async function oktaClientForConnection(deps: BulkOktaDeps, connectionId: string, capacityPercent: number): Promise<OktaClient> {
  const connection = await getConnectionSummary(deps.tokens.db, connectionId);
  if (!connection) throw new BulkConnectionError("The job's connection no longer exists.");
  if (connection.status === "PENDING" || connection.status === "NEEDS_REAUTH") {
    throw new BulkConnectionError(`The job's connection needs to be (re)authorized before the job can continue. ${REAUTHORIZE_THEN_RESUME}`);
  }
  assertMoveScopes(connection.grantedScopes);
  const domain = parseOktaDomain(connection.oktaDomain, deps.domainRules);
  if (!domain.ok) throw new BulkConnectionError(`The connection's Okta domain is no longer allowed here: ${domain.message}`);
  return createOktaClient({
    ...deps.okta,
    origin: domain.origin,
    getAccessToken: accessTokenProvider(deps.tokens, connection.id),
    governor: createPostgresGovernor({ pool: deps.pool, capacity: capacityPercent / 100 }),
  });
}

export const bulkClientFactory =
  (deps: BulkOktaDeps) =>
  (job: BulkJobRow): Promise<OktaClient> =>
    oktaClientForConnection(deps, job.connectionId, job.maxApiCapacity);
