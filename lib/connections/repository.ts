import { Prisma, type ConnectionStatus } from "@/lib/generated/prisma/client";
import { recordConnectionEvent, recordStatusChange } from "./audit";
import { ConnectionError } from "./errors";
import { createConnectionId } from "./ids";
import { decryptClientSecret, decryptTokenSet, encryptClientSecret, encryptTokenSet } from "./secrets";
import { summarySelect, type Actor, type ConnectionDeps, type ConnectionSummary, type DecryptedConnection, type TokenSet } from "./types";

type Db = ConnectionDeps["db"];

function isPrismaError(error: unknown, code: string): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
}

function rethrow(error: unknown, id?: string): never {
  if (isPrismaError(error, "P2002")) throw new ConnectionError("NICKNAME_TAKEN", "Another connection already has this nickname", id);
  if (isPrismaError(error, "P2025")) throw new ConnectionError("NOT_FOUND", "Connection not found", id);
  throw error;
}

export type CreateConnectionInput = {
  nickname: string;
  oktaDomain: string;
  clientId: string;
  clientSecret: string;
  requestedScopes: string[];
  createdById: string | null;
};

/** Creates a PENDING connection; the client secret is stored only as an envelope bound to the new id. */
export async function createConnection(deps: ConnectionDeps, input: CreateConnectionInput): Promise<ConnectionSummary> {
  const id = createConnectionId();
  try {
    return await deps.db.connection.create({
      data: {
        id,
        nickname: input.nickname,
        oktaDomain: input.oktaDomain,
        clientId: input.clientId,
        clientSecretEnc: encryptClientSecret(deps.keyring, id, input.clientSecret),
        requestedScopes: input.requestedScopes,
        grantedScopes: [],
        createdById: input.createdById,
      },
      select: summarySelect,
    });
  } catch (error) {
    rethrow(error, id);
  }
}

// Listing: ./list-page.ts (paged; nothing here loads every connection).

export async function getConnectionSummary(db: Db, id: string): Promise<ConnectionSummary | null> {
  return db.connection.findUnique({ where: { id }, select: summarySelect });
}

/** What a realm page shows of its connection and checks its scopes against: one row, no creator lookup. */
export type ConnectionHeading = Pick<ConnectionSummary, "id" | "nickname" | "oktaDomain" | "status" | "grantedScopes">;

export async function getConnectionHeading(db: Db, id: string): Promise<ConnectionHeading | null> {
  return db.connection.findUnique({ where: { id }, select: { id: true, nickname: true, oktaDomain: true, status: true, grantedScopes: true } });
}

/**
 * The decrypted working copy (client secret and token set). Server-side only, for the OAuth code
 * exchange and the token lifecycle; never return it from a server action or pass it to a component.
 */
export async function loadDecryptedConnection(deps: ConnectionDeps, id: string): Promise<DecryptedConnection | null> {
  const row = await readConnectionRow(deps, id);
  return row ? decryptConnectionRow(deps, row) : null;
}

/** The stored row, still encrypted (openConnectionForCalls reads it once and decrypts on first use). */
export function readConnectionRow(deps: ConnectionDeps, id: string) {
  return deps.db.connection.findUnique({ where: { id } });
}

export type EncryptedConnectionRow = NonNullable<Awaited<ReturnType<typeof readConnectionRow>>>;

export function decryptConnectionRow(deps: ConnectionDeps, row: EncryptedConnectionRow): DecryptedConnection {
  const { clientSecretEnc, tokenSetEnc, ...rest } = row;
  const id = rest.id;
  return {
    id: rest.id,
    nickname: rest.nickname,
    oktaDomain: rest.oktaDomain,
    clientId: rest.clientId,
    requestedScopes: rest.requestedScopes,
    grantedScopes: rest.grantedScopes,
    status: rest.status,
    statusReason: rest.statusReason,
    authorizedSub: rest.authorizedSub,
    authorizedLogin: rest.authorizedLogin,
    lastAuthorizedAt: rest.lastAuthorizedAt,
    accessTokenExpiresAt: rest.accessTokenExpiresAt,
    createdById: rest.createdById,
    createdAt: rest.createdAt,
    updatedAt: rest.updatedAt,
    version: rest.version,
    refreshLeaseOwner: rest.refreshLeaseOwner,
    refreshLeaseUntil: rest.refreshLeaseUntil,
    clientSecret: decryptClientSecret(deps.keyring, id, clientSecretEnc),
    tokenSet: tokenSetEnc === null ? null : decryptTokenSet(deps.keyring, id, tokenSetEnc),
  };
}

type LockedRow = { status: ConnectionStatus; nickname: string; version: number; refreshLeaseOwner: string | null; authorizedSub: string | null };

/** Row lock for a short read-decide-write transaction (never held across network calls). */
export async function lockConnectionRow(tx: Prisma.TransactionClient, id: string): Promise<LockedRow | undefined> {
  const rows = await tx.$queryRaw<LockedRow[]>`
    SELECT "status", "nickname", "version", "refreshLeaseOwner", "authorizedSub"
    FROM "Connection" WHERE "id" = ${id} FOR UPDATE`;
  return rows[0];
}

export type StoreAuthorizationInput = {
  tokenSet: TokenSet;
  authorizedSub: string | null;
  authorizedLogin: string | null;
  actor: Actor;
  /** The scopes this authorization asked for (kept for the next "Reauthorize" without changes). */
  requestedScopes?: string[];
  /**
   * A rotated client secret the authorization was made with: saved with the tokens (and audited as
   * `connection.client_secret_replaced`), never before the authorization has succeeded.
   */
  clientSecret?: string;
  /**
   * More writes that must commit with the tokens (the callback's audit events). If it throws, nothing
   * is stored: the old tokens and secret stay as they were.
   */
  inTransaction?: (tx: Prisma.TransactionClient, stored: { previousSub: string | null }) => Promise<void>;
};

/**
 * Saves the token set of a completed authorization (first or re-): HEALTHY, granted scopes from the
 * token response. Clears any refresh lease, so a refresh still in flight with the old refresh token
 * cannot overwrite the new authorization. Returns the previous principal, to warn when a shared
 * connection now acts as someone else.
 */
export async function storeAuthorization(
  deps: ConnectionDeps,
  id: string,
  input: StoreAuthorizationInput,
): Promise<{ summary: ConnectionSummary; previousSub: string | null }> {
  const tokenSetEnc = encryptTokenSet(deps.keyring, id, input.tokenSet);
  const clientSecretEnc = input.clientSecret === undefined ? undefined : encryptClientSecret(deps.keyring, id, input.clientSecret);
  return deps.db.$transaction(async (tx) => {
    const row = await lockConnectionRow(tx, id);
    if (!row) throw new ConnectionError("NOT_FOUND", "Connection not found", id);
    const summary = await tx.connection.update({
      where: { id },
      data: {
        tokenSetEnc,
        ...(clientSecretEnc !== undefined ? { clientSecretEnc } : {}),
        ...(input.requestedScopes !== undefined ? { requestedScopes: input.requestedScopes } : {}),
        grantedScopes: input.tokenSet.scope,
        lostScopes: [], // a new authorization is the new baseline for scope drift
        accessTokenExpiresAt: input.tokenSet.expiresAt,
        authorizedSub: input.authorizedSub,
        authorizedLogin: input.authorizedLogin,
        lastAuthorizedAt: new Date(),
        status: "HEALTHY",
        statusReason: null,
        refreshLeaseOwner: null,
        refreshLeaseUntil: null,
        version: { increment: 1 },
      },
      select: summarySelect,
    });
    await recordStatusChange(tx, { connectionId: id, nickname: row.nickname, from: row.status, to: "HEALTHY", reason: null, actor: input.actor });
    if (clientSecretEnc !== undefined) {
      await recordConnectionEvent(tx, {
        action: "connection.client_secret_replaced",
        connectionId: id,
        target: row.nickname,
        outcome: "SUCCESS",
        actor: input.actor,
        details: { via: "reauthorization" },
      });
    }
    await input.inTransaction?.(tx, { previousSub: row.authorizedSub });
    return { summary, previousSub: row.authorizedSub };
  });
}

export async function renameConnection(db: Db, id: string, nickname: string): Promise<ConnectionSummary> {
  try {
    return await db.connection.update({ where: { id }, data: { nickname }, select: summarySelect });
  } catch (error) {
    rethrow(error, id);
  }
}

/** New client secret (e.g. rotated in Okta). Tokens are kept; a refresh in flight is not disturbed. */
export async function replaceClientSecret(deps: ConnectionDeps, id: string, clientSecret: string): Promise<ConnectionSummary> {
  try {
    return await deps.db.connection.update({
      where: { id },
      data: { clientSecretEnc: encryptClientSecret(deps.keyring, id, clientSecret), version: { increment: 1 } },
      select: summarySelect,
    });
  } catch (error) {
    rethrow(error, id);
  }
}

/**
 * Sets the status (with a reason the UI shows) and writes a `connection.status_changed` audit event
 * in the same transaction when the status actually changes.
 */
export async function markConnectionStatus(
  db: Db,
  id: string,
  change: { status: ConnectionStatus; reason: string | null; actor: Actor },
): Promise<ConnectionSummary> {
  return db.$transaction(async (tx) => {
    const row = await lockConnectionRow(tx, id);
    if (!row) throw new ConnectionError("NOT_FOUND", "Connection not found", id);
    const summary = await tx.connection.update({
      where: { id },
      data: { status: change.status, statusReason: change.reason },
      select: summarySelect,
    });
    await recordStatusChange(tx, { connectionId: id, nickname: row.nickname, from: row.status, to: change.status, reason: change.reason, actor: change.actor });
    return summary;
  });
}

/**
 * A first authorization's failure: back to PENDING with the reason, but only while the connection
 * has no stored tokens. Another flow may have authorized it in the meantime (two tabs, a retry);
 * a late failure of the older one must not hide that. Decided under the row lock. Returns whether
 * the status was set.
 */
export async function markPendingUnlessAuthorized(db: Db, id: string, change: { reason: string; actor: Actor }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const row = await lockConnectionRow(tx, id);
    if (!row) return false;
    const current = await tx.connection.findUnique({ where: { id }, select: { tokenSetEnc: true } });
    if (!current || current.tokenSetEnc !== null) return false;
    await tx.connection.update({ where: { id }, data: { status: "PENDING", statusReason: change.reason } });
    await recordStatusChange(tx, { connectionId: id, nickname: row.nickname, from: row.status, to: "PENDING", reason: change.reason, actor: change.actor });
    return true;
  });
}

/** What is needed to revoke the tokens at Okta after the row is gone (best effort, by the caller). */
export type RevocationMaterial = {
  oktaDomain: string;
  clientId: string;
  clientSecret: string;
  refreshToken?: string;
  accessToken?: string;
};

/**
 * Deletes the connection. Returns revocation material, or `null` when there are no tokens or the
 * secrets cannot be decrypted (a lost key must not make a connection undeletable).
 */
export async function deleteConnection(
  deps: ConnectionDeps,
  id: string,
): Promise<{ summary: ConnectionSummary; revocation: RevocationMaterial | null }> {
  return deps.db.$transaction(async (tx) => {
    const row = await tx.connection.findUnique({ where: { id } });
    if (!row) throw new ConnectionError("NOT_FOUND", "Connection not found", id);
    const summary = await tx.connection.delete({ where: { id }, select: summarySelect });
    let revocation: RevocationMaterial | null = null;
    try {
      const tokens = row.tokenSetEnc === null ? null : decryptTokenSet(deps.keyring, id, row.tokenSetEnc);
      if (tokens) {
        revocation = {
          oktaDomain: row.oktaDomain,
          clientId: row.clientId,
          clientSecret: decryptClientSecret(deps.keyring, id, row.clientSecretEnc),
          accessToken: tokens.accessToken,
          ...(tokens.refreshToken !== undefined ? { refreshToken: tokens.refreshToken } : {}),
        };
      }
    } catch {
      revocation = null;
    }
    return { summary, revocation };
  });
}
