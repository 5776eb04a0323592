import { randomUUID } from "node:crypto";
import type { ConnectionStatus, Prisma } from "@/lib/generated/prisma/client";
import { operationsNeedingAny } from "@/lib/okta/scopes";
import { recordConnectionEvent, recordStatusChange } from "./audit";
import { ConnectionError } from "./errors";
import { releaseRefreshLease, tryAcquireRefreshLease } from "./refresh-lease";
import { decryptConnectionRow, loadDecryptedConnection, lockConnectionRow, readConnectionRow, type EncryptedConnectionRow } from "./repository";
import { encryptTokenSet } from "./secrets";
import { classifyRefreshError, tokenSetFromResponse, type RefreshTokens, type TokenEndpointError } from "./token-endpoint";
import type { ConnectionDeps, DecryptedConnection, TokenSet } from "./types";
import { recordTokenRefresh } from "../observability/metrics";

export type TokenLifecycleDeps = ConnectionDeps & {
  refreshTokens: RefreshTokens;
  /** Refresh this long before the access token expires. Default 5 minutes. */
  refreshSkewMs?: number;
  /** How long a refresh claim holds. Must exceed the token call's timeout (10 s). Default 30 s. */
  leaseMs?: number;
  /** How long a caller waits for another process's refresh. Default lease + 5 s. */
  waitTimeoutMs?: number;
  /** Re-read interval while another process refreshes. Default 50 ms (jittered). */
  pollMs?: number;
  now?: () => number;
};

export type AccessToken = { accessToken: string; tokenType: string; expiresAt: Date; scope: string[] };

export type GetAccessTokenOptions = {
  /** Refresh even if the token looks valid (e.g. "Test connection"). */
  forceRefresh?: boolean;
  /**
   * The token an API call just answered 401 to: refresh unless the stored token already differs
   * (someone else refreshed meanwhile), so a burst of 401s costs one refresh, not one each.
   */
  rejectedAccessToken?: string;
};

const DEFAULT_SKEW_MS = 5 * 60 * 1000;
const DEFAULT_LEASE_MS = 30_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const nowOf = (deps: TokenLifecycleDeps) => (deps.now ?? Date.now)();

// In-process single-flight in front of the database lease: concurrent callers in one process share
// one promise. Keyed by the Prisma client so separate databases (tests) never share flights.
const inflight = new WeakMap<object, Map<string, Promise<AccessToken>>>();

function toAccessToken(tokens: TokenSet): AccessToken {
  return { accessToken: tokens.accessToken, tokenType: tokens.tokenType, expiresAt: tokens.expiresAt, scope: tokens.scope };
}

async function load(deps: TokenLifecycleDeps, id: string): Promise<DecryptedConnection> {
  const conn = await loadDecryptedConnection(deps, id);
  if (!conn) throw new ConnectionError("NOT_FOUND", "Connection not found", id);
  return conn;
}

type Verdict = { use: AccessToken } | { refresh: true };

/**
 * Use the stored token, refresh it, or fail. `staleToken` is a token the caller knows is bad (a 401,
 * or the one seen before a forced refresh): a stored token equal to it does not count as usable.
 */
function judge(deps: TokenLifecycleDeps, conn: DecryptedConnection, staleToken: string | undefined): Verdict {
  const tokens = conn.tokenSet;
  if (conn.status === "NEEDS_REAUTH") {
    throw new ConnectionError("NEEDS_REAUTH", conn.statusReason ?? "This connection needs to be reauthorized", conn.id);
  }
  if (!tokens) throw new ConnectionError("NOT_AUTHORIZED", "This connection has not been authorized yet", conn.id);
  const fresh = tokens.expiresAt.getTime() - (deps.refreshSkewMs ?? DEFAULT_SKEW_MS) > nowOf(deps);
  if (fresh && tokens.accessToken !== staleToken) return { use: toAccessToken(tokens) };
  return { refresh: true };
}

/** Still accepted by Okta (not expired, not known bad), even if due for refresh. */
function stillValid(deps: TokenLifecycleDeps, tokens: TokenSet | null, staleToken: string | undefined): tokens is TokenSet {
  return tokens !== null && tokens.expiresAt.getTime() > nowOf(deps) && tokens.accessToken !== staleToken;
}

/**
 * A usable access token for the connection: the stored one while it is fresh, otherwise exactly one
 * refresh across all processes (see refresh-lease.ts). Throws {@link ConnectionError} with code
 * NOT_FOUND, NOT_AUTHORIZED, NEEDS_REAUTH or REFRESH_FAILED.
 */
export async function getAccessToken(deps: TokenLifecycleDeps, connectionId: string, options: GetAccessTokenOptions = {}): Promise<AccessToken> {
  return accessTokenFrom(deps, await load(deps, connectionId), options);
}

/** getAccessToken from a row the caller has just read. */
async function accessTokenFrom(deps: TokenLifecycleDeps, conn: DecryptedConnection, options: GetAccessTokenOptions): Promise<AccessToken> {
  const connectionId = conn.id;
  const staleToken = options.rejectedAccessToken ?? (options.forceRefresh ? conn.tokenSet?.accessToken : undefined);
  const verdict = judge(deps, conn, staleToken);
  if ("use" in verdict) return verdict.use;

  let flights = inflight.get(deps.db);
  if (!flights) inflight.set(deps.db, (flights = new Map()));
  const running = flights.get(connectionId);
  if (running) return running;
  const flight = refreshShared(deps, conn, staleToken).finally(() => flights.delete(connectionId));
  flights.set(connectionId, flight);
  return flight;
}

/**
 * Calls `fn` with an access token; when the result is a 401 (by default: a `Response` with status
 * 401), refreshes once and calls `fn` again with the new token.
 */
export async function withAccessToken<T>(
  deps: TokenLifecycleDeps,
  connectionId: string,
  fn: (accessToken: string) => Promise<T>,
  options: { isUnauthorized?: (result: T) => boolean } = {},
): Promise<T> {
  const isUnauthorized = options.isUnauthorized ?? ((result: T) => result instanceof Response && result.status === 401);
  const first = await getAccessToken(deps, connectionId);
  const result = await fn(first.accessToken);
  if (!isUnauthorized(result)) return result;
  if (result instanceof Response) await result.body?.cancel().catch(() => {});
  const second = await getAccessToken(deps, connectionId, { rejectedAccessToken: first.accessToken });
  return fn(second.accessToken);
}

/** Take the lease and refresh, or wait for whoever has it. */
async function refreshShared(deps: TokenLifecycleDeps, seen: DecryptedConnection, staleToken: string | undefined): Promise<AccessToken> {
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const deadline = nowOf(deps) + (deps.waitTimeoutMs ?? leaseMs + 5000);
  const pollMs = deps.pollMs ?? 50;
  let current = seen;
  for (;;) {
    if (!current.tokenSet?.refreshToken) return noRefreshToken(deps, current, staleToken);
    const leaseId = randomUUID();
    if (await tryAcquireRefreshLease(deps.db, { connectionId: current.id, seenVersion: current.version, leaseId, leaseMs })) {
      return refreshHoldingLease(deps, current, leaseId, staleToken);
    }
    // Someone else holds the lease, or the credentials changed since we read them.
    let latest = await load(deps, current.id);
    if (latest.version === current.version && latest.refreshLeaseOwner !== null) {
      await sleep(pollMs / 2 + Math.random() * pollMs);
      latest = await load(deps, current.id);
    }
    if (latest.version !== current.version) {
      const verdict = judge(deps, latest, staleToken);
      if ("use" in verdict) return verdict.use;
    } else if (latest.refreshLeaseOwner === null) {
      // The holder released the lease without writing new tokens: its refresh failed. Report that
      // instead of stampeding the token endpoint with one retry per waiting caller.
      judge(deps, latest, staleToken); // throws NEEDS_REAUTH when that is what it concluded
      if (stillValid(deps, latest.tokenSet, staleToken)) return toAccessToken(latest.tokenSet);
      throw new ConnectionError("REFRESH_FAILED", latest.statusReason ?? "Refreshing the access token failed; try again", latest.id);
    }
    if (nowOf(deps) > deadline) {
      throw new ConnectionError("REFRESH_FAILED", "Timed out waiting for another process to refresh the access token; try again", current.id);
    }
    current = latest;
  }
}

/** Expired and nothing to refresh with: say what to change in Okta instead of failing later. */
async function noRefreshToken(deps: TokenLifecycleDeps, conn: DecryptedConnection, staleToken: string | undefined): Promise<AccessToken> {
  if (stillValid(deps, conn.tokenSet, staleToken)) return toAccessToken(conn.tokenSet);
  const reason =
    "The access token expired and Okta issued no refresh token. Allow the Refresh Token grant in the Okta app, " +
    "request offline_access, then reauthorize.";
  await setStatusIfUnchanged(deps, conn, "NEEDS_REAUTH", reason, undefined);
  throw new ConnectionError("NEEDS_REAUTH", reason, conn.id);
}

async function refreshHoldingLease(
  deps: TokenLifecycleDeps,
  conn: DecryptedConnection,
  leaseId: string,
  staleToken: string | undefined,
): Promise<AccessToken> {
  const previous = conn.tokenSet;
  const refreshToken = previous?.refreshToken;
  if (!previous || !refreshToken) throw new Error("refreshHoldingLease needs a refresh token");
  let tokenSet: TokenSet;
  try {
    // No transaction and no row lock is held here; only the lease marks the claim.
    const response = await deps.refreshTokens({ oktaDomain: conn.oktaDomain, clientId: conn.clientId, clientSecret: conn.clientSecret, refreshToken });
    tokenSet = tokenSetFromResponse(response, nowOf(deps), previous);
  } catch (error) {
    const failure = classifyRefreshError(error);
    recordTokenRefresh(failure.kind === "invalid_grant" || failure.kind === "rejected" ? "needs_reauth" : "failed");
    return handleRefreshFailure(deps, conn, leaseId, failure, staleToken);
  }
  recordTokenRefresh("success");
  const saved = await withRetries(() => saveRefreshedTokens(deps, conn, leaseId, tokenSet));
  if (saved) return toAccessToken(tokenSet);
  // A reauthorization replaced the credentials while we refreshed; theirs wins.
  const latest = await load(deps, conn.id);
  const verdict = judge(deps, latest, staleToken);
  if ("use" in verdict) return verdict.use;
  throw new ConnectionError("REFRESH_FAILED", "The connection changed while its token was being refreshed; try again", conn.id);
}

/**
 * Okta has already rotated the refresh token at this point: if the write is lost, so is the
 * connection. A database hiccup therefore gets a few more tries before giving up.
 */
async function withRetries<T>(write: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || error instanceof ConnectionError) throw error;
      await sleep(200 * attempt);
    }
  }
}

/**
 * Writes the new token set (rotated refresh token included) in one statement with the status. The
 * write counts if we still hold the lease, or if nobody wrote credentials since we took it (our lease
 * expired but no one else finished): dropping a rotated refresh token would kill the connection.
 */
async function saveRefreshedTokens(deps: TokenLifecycleDeps, conn: DecryptedConnection, leaseId: string, tokenSet: TokenSet): Promise<boolean> {
  const tokenSetEnc = encryptTokenSet(deps.keyring, conn.id, tokenSet);
  return deps.db.$transaction(async (tx) => {
    const row = await lockConnectionRow(tx, conn.id);
    if (!row || (row.refreshLeaseOwner !== leaseId && row.version !== conn.version)) return false;
    const drift = await scopeDrift(tx, conn, tokenSet);
    const status: ConnectionStatus = drift.lost.length > 0 ? "DEGRADED" : "HEALTHY";
    const reason = drift.lost.length > 0 ? scopeDriftReason(drift.lost) : null;
    await tx.connection.update({
      where: { id: conn.id },
      data: {
        tokenSetEnc,
        accessTokenExpiresAt: tokenSet.expiresAt,
        ...(tokenSet.scope.length > 0 ? { grantedScopes: tokenSet.scope, lostScopes: drift.lost } : {}),
        status,
        statusReason: reason,
        version: { increment: 1 },
        refreshLeaseOwner: null,
        refreshLeaseUntil: null,
      },
    });
    await recordStatusChange(tx, { connectionId: conn.id, nickname: row.nickname, from: row.status, to: status, reason, actor: null });
    if (drift.changed && drift.lost.length > 0) {
      await recordConnectionEvent(tx, {
        action: "connection.scope_drift",
        connectionId: conn.id,
        target: row.nickname,
        outcome: "FAILURE",
        actor: null,
        details: { lostScopes: drift.lost, grantedScopes: tokenSet.scope, affectedOperations: operationsNeedingAny(drift.lost) },
      });
    }
    return true;
  });
}

/**
 * Scope drift: scopes the last authorization granted (and earlier refreshes kept) that this refresh
 * no longer returned, e.g. an Okta admin revoked an API scope grant on the app. The token still
 * works for everything else, so the connection stays usable but DEGRADED with the scopes and
 * operations named, until a reauthorization sets a new baseline. A refresh without `scope` in its
 * answer tells nothing (RFC 6749 §5.1: unchanged), so it never counts as drift.
 */
async function scopeDrift(tx: Prisma.TransactionClient, conn: DecryptedConnection, tokenSet: TokenSet): Promise<{ lost: string[]; changed: boolean }> {
  const row = await tx.connection.findUnique({ where: { id: conn.id }, select: { grantedScopes: true, lostScopes: true } });
  const before = new Set(row?.lostScopes ?? []);
  if (tokenSet.scope.length === 0) return { lost: [...before].sort(), changed: false };
  const now = new Set(tokenSet.scope);
  const baseline = new Set([...(row?.grantedScopes ?? conn.grantedScopes), ...before]);
  const lost = [...baseline].filter((s) => !now.has(s)).sort();
  const changed = lost.length !== before.size || lost.some((s) => !before.has(s));
  return { lost, changed };
}

export function scopeDriftReason(lost: readonly string[]): string {
  const ops = operationsNeedingAny(lost);
  return (
    `Okta no longer grants ${lost.join(", ")} (the last token refresh returned fewer scopes than the authorization). ` +
    (ops.length > 0 ? `Affected: ${ops.join(", ")}. ` : "") +
    "Grant the scopes to the app in Okta again, then reauthorize the connection."
  );
}

/**
 * After a failed refresh: re-read first. If the credentials changed meanwhile (a sibling refreshed
 * or someone reauthorized), the failure is moot. Otherwise invalid_grant / rejected → NEEDS_REAUTH,
 * anything else → DEGRADED (the connection is not dead; the next use retries).
 */
async function handleRefreshFailure(
  deps: TokenLifecycleDeps,
  conn: DecryptedConnection,
  leaseId: string,
  failure: TokenEndpointError,
  staleToken: string | undefined,
): Promise<AccessToken> {
  const permanent = failure.kind === "invalid_grant" || failure.kind === "rejected";
  const status: ConnectionStatus = permanent ? "NEEDS_REAUTH" : "DEGRADED";
  const reason = permanent
    ? `${failure.message}. Reauthorize the connection.`
    : `Token refresh failed: ${failure.message}. It is retried on next use.`;
  const changed = await setStatusIfUnchanged(deps, conn, status, reason, leaseId);
  if (!changed) {
    const latest = await load(deps, conn.id);
    const verdict = judge(deps, latest, staleToken);
    if ("use" in verdict) return verdict.use;
    throw new ConnectionError("REFRESH_FAILED", "The connection changed while its token was being refreshed; try again", conn.id);
  }
  if (permanent) throw new ConnectionError("NEEDS_REAUTH", reason, conn.id);
  // A refresh ahead of expiry failed, but the current token still works: keep using it.
  if (stillValid(deps, conn.tokenSet, staleToken)) return toAccessToken(conn.tokenSet);
  throw new ConnectionError("REFRESH_FAILED", reason, conn.id);
}

/**
 * Sets the status only if the credentials are still the ones `conn` was read at (version check under
 * a row lock), releasing our lease in the same transaction. Returns false when they changed.
 */
async function setStatusIfUnchanged(
  deps: TokenLifecycleDeps,
  conn: DecryptedConnection,
  status: ConnectionStatus,
  reason: string,
  leaseId: string | undefined,
): Promise<boolean> {
  return deps.db.$transaction(async (tx) => {
    const row = await lockConnectionRow(tx, conn.id);
    if (!row) throw new ConnectionError("NOT_FOUND", "Connection not found", conn.id);
    if (row.version !== conn.version) {
      if (leaseId) await releaseRefreshLease(tx, conn.id, leaseId);
      return false;
    }
    await tx.connection.update({
      where: { id: conn.id },
      data: {
        status,
        statusReason: reason,
        ...(leaseId && row.refreshLeaseOwner === leaseId ? { refreshLeaseOwner: null, refreshLeaseUntil: null } : {}),
      },
    });
    await recordStatusChange(tx, { connectionId: conn.id, nickname: row.nickname, from: row.status, to: status, reason, actor: null });
    return true;
  });
}

/**
 * `getAccessToken` in the shape lib/okta's transport expects (`{ forceRefresh }` → token string).
 * Remembers the token it last handed out, so a forced refresh after a 401 is skipped when another
 * caller already replaced that token. A `prefetched` row (openConnectionForCalls) saves the first
 * call its read; it is decrypted only then, so an undecryptable secret fails where getAccessToken would.
 */
export function accessTokenProvider(
  deps: TokenLifecycleDeps,
  connectionId: string,
  prefetched?: EncryptedConnectionRow,
): (options?: { forceRefresh?: boolean }) => Promise<string> {
  let unused = prefetched;
  let last: string | undefined;
  return async (options) => {
    const row = unused;
    unused = undefined;
    const token =
      row && !options?.forceRefresh
        ? await accessTokenFrom(deps, decryptConnectionRow(deps, row), {})
        : await getAccessToken(deps, connectionId, options?.forceRefresh ? { forceRefresh: true, rejectedAccessToken: last } : {});
    last = token.accessToken;
    return token.accessToken;
  };
}

/** What an Okta call site checks before calling (no secrets), and its token provider. */
export type ConnectionForCalls = {
  id: string;
  status: ConnectionStatus;
  grantedScopes: string[];
  oktaDomain: string;
  /** accessTokenProvider's contract; the first call uses the row read by openConnectionForCalls. */
  accessToken: (options?: { forceRefresh?: boolean }) => Promise<string>;
};

/**
 * One read of the connection for both the checks before an Okta call and its first access token
 * (the realm screens' hot path: a second read of the same row cost a Postgres round trip per
 * click). Null when the connection doesn't exist.
 */
export async function openConnectionForCalls(deps: TokenLifecycleDeps, connectionId: string): Promise<ConnectionForCalls | null> {
  const row = await readConnectionRow(deps, connectionId);
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    grantedScopes: row.grantedScopes,
    oktaDomain: row.oktaDomain,
    accessToken: accessTokenProvider(deps, row.id, row),
  };
}
