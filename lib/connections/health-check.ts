// The scheduled connection health check (lib/jobs/connection-check.ts runs it once per interval
// across the cluster). Each connection costs at most one cheap Management API request (the first
// page of realms, limit 1) plus a token refresh only when its access token is due, so a revoked
// grant, a deactivated authorizer or a dead refresh token turns the connection to NEEDS_REAUTH
// before anyone clicks. Pure (deps passed in): the job worker runs outside Next's server context.
import { createOktaClient, isOktaError, OktaInsufficientScopeError, OktaRateLimitedError, OktaUnauthorizedError, parseOktaDomain, type OktaDomainRules } from "@/lib/okta";
import type { ConnectionStatus } from "@/lib/generated/prisma/client";
import { accessTokenProvider, type TokenLifecycleDeps } from "./access-token";
import { recordConnectionEvent } from "./audit";
import { ConnectionError } from "./errors";
import { markConnectionStatus } from "./repository";

/**
 * Connections authorize against the org authorization server, whose refresh tokens live 90 days
 * from the authorization, not extended by rotation, with no idle expiry (Okta: "Lifetime of the
 * Okta Minted JWTs"). Custom authorization servers would need their policy read; none is used.
 */
export const ORG_AS_REFRESH_TOKEN_LIFETIME_MS = 90 * 24 * 3600 * 1000;
/** How early an admin hears that the connection's refresh token will expire. */
export const REFRESH_TOKEN_WARNING_MS = 14 * 24 * 3600 * 1000;

export type HealthCheckDeps = TokenLifecycleDeps & {
  domainRules: OktaDomainRules;
  /** Tests only: the Okta client's fetch. */
  fetch?: typeof fetch;
  now?: () => number;
  /** The refresh token's maximum lifetime when the org's policy is known; null when it isn't. */
  refreshTokenLifetimeMs?: number | null;
};

export type CheckResult = "healthy" | "needs_reauth" | "degraded" | "skipped";

export type ConnectionCheck = { connectionId: string; result: CheckResult; status: ConnectionStatus; refreshTokenExpiresAt?: Date; expiringSoon?: boolean };

export async function checkConnection(deps: HealthCheckDeps, connectionId: string): Promise<ConnectionCheck> {
  const row = await deps.db.connection.findUnique({
    where: { id: connectionId },
    select: { id: true, nickname: true, status: true, oktaDomain: true, tokenSetEnc: true, lastAuthorizedAt: true },
  });
  if (!row) return { connectionId, result: "skipped", status: "PENDING" };
  // Nothing to check yet, or already waiting for a person to reauthorize.
  if (!row.tokenSetEnc || row.status === "PENDING" || row.status === "NEEDS_REAUTH") return { connectionId, result: "skipped", status: row.status };
  const domain = parseOktaDomain(row.oktaDomain, deps.domainRules);
  if (!domain.ok) return { connectionId, result: "skipped", status: row.status };

  const client = createOktaClient({
    origin: domain.origin,
    getAccessToken: accessTokenProvider(deps, connectionId),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    retry: { maxRetries: 0, maxRateLimitWaits: 0 },
  });
  let result: CheckResult;
  try {
    for await (const page of client.realms.list({ limit: 1 }).pages({ maxRecords: 1 })) {
      void page;
      break;
    }
    result = "healthy";
  } catch (error) {
    result = await classify(deps, connectionId, error);
  }
  const after = await deps.db.connection.update({ where: { id: connectionId }, data: { lastCheckedAt: new Date(nowOf(deps)) }, select: { status: true, lostScopes: true } });
  if (result === "healthy" && after.status === "DEGRADED" && after.lostScopes.length === 0) {
    // It works again (a transient failure earlier); scope drift stays until a reauthorization.
    await markConnectionStatus(deps.db, connectionId, { status: "HEALTHY", reason: null, actor: null });
    after.status = "HEALTHY";
  }
  const expiry = await refreshTokenExpiry(deps, row, after.status);
  return { connectionId, result, status: after.status, ...expiry };
}

async function classify(deps: HealthCheckDeps, connectionId: string, error: unknown): Promise<CheckResult> {
  if (error instanceof ConnectionError) {
    // The token lifecycle has already stored NEEDS_REAUTH or DEGRADED with the reason and the fix.
    return error.code === "NEEDS_REAUTH" ? "needs_reauth" : error.code === "REFRESH_FAILED" ? "degraded" : "skipped";
  }
  if (error instanceof OktaRateLimitedError) return "skipped"; // the org is busy; the next run looks again
  if (isOktaError(error)) {
    const pub = error.toPublic();
    // A 401 after a fresh token, or a scope the check itself needs gone: only a reauthorization helps.
    const reauth = error instanceof OktaUnauthorizedError || error instanceof OktaInsufficientScopeError;
    await markConnectionStatus(deps.db, connectionId, { status: reauth ? "NEEDS_REAUTH" : "DEGRADED", reason: pub.message, actor: null });
    return reauth ? "needs_reauth" : "degraded";
  }
  throw error;
}

/** When the refresh token dies (if the policy is known), audited once per authorization as it nears. */
async function refreshTokenExpiry(
  deps: HealthCheckDeps,
  row: { id: string; nickname: string; lastAuthorizedAt: Date | null },
  status: ConnectionStatus,
): Promise<{ refreshTokenExpiresAt?: Date; expiringSoon?: boolean }> {
  const lifetime = deps.refreshTokenLifetimeMs === undefined ? ORG_AS_REFRESH_TOKEN_LIFETIME_MS : deps.refreshTokenLifetimeMs;
  if (lifetime === null || !row.lastAuthorizedAt || status === "NEEDS_REAUTH") return {};
  const expiresAt = new Date(row.lastAuthorizedAt.getTime() + lifetime);
  const expiringSoon = expiresAt.getTime() - nowOf(deps) <= REFRESH_TOKEN_WARNING_MS;
  if (expiringSoon) {
    const warned = await deps.db.auditEvent.count({
      where: { connectionId: row.id, action: "connection.refresh_token_expiring", at: { gte: row.lastAuthorizedAt } },
    });
    if (warned === 0) {
      await deps.db.$transaction((tx) =>
        recordConnectionEvent(tx, {
          action: "connection.refresh_token_expiring",
          connectionId: row.id,
          target: row.nickname,
          outcome: "FAILURE",
          actor: null,
          details: { expiresAt: expiresAt.toISOString(), message: `The refresh token expires on ${expiresAt.toISOString().slice(0, 10)}: reauthorize the connection before then.` },
        }),
      );
    }
  }
  return { refreshTokenExpiresAt: expiresAt, expiringSoon };
}

const nowOf = (deps: { now?: () => number }) => (deps.now ? deps.now() : Date.now());

export type CheckRun = Record<CheckResult, number> & { ms: number };

/** Checks every connection, a few at a time; one connection's failure never stops the run. */
export async function checkAllConnections(deps: HealthCheckDeps, options: { concurrency?: number; onResult?: (check: ConnectionCheck) => void; onError?: (id: string, error: unknown) => void } = {}): Promise<CheckRun> {
  const started = Date.now();
  const run: CheckRun = { healthy: 0, needs_reauth: 0, degraded: 0, skipped: 0, ms: 0 };
  const ids = (await deps.db.connection.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((r) => r.id);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      if (id === undefined) break;
      try {
        const check = await checkConnection(deps, id);
        run[check.result] += 1;
        options.onResult?.(check);
      } catch (error) {
        run.skipped += 1;
        options.onError?.(id, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, Math.max(ids.length, 1)) }, worker));
  run.ms = Date.now() - started;
  return run;
}
