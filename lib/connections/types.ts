import type { Connection, ConnectionStatus, Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { Keyring } from "@/lib/crypto";

/** What every function here needs. Passed in (not imported) so scripts and tests use their own. */
export type ConnectionDeps = { db: PrismaClient; keyring: Keyring };

/** The row as stored: secrets only as envelopes. Only lib/connections ever reads these columns. */
export type EncryptedConnection = Connection;

/** An OAuth token set as this app keeps it (decrypted). `scope` is the granted scope list. */
export type TokenSet = {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  tokenType: string;
  expiresAt: Date;
  scope: string[];
};

/**
 * Public view of a connection: no secret fields, safe for pages, server actions and the browser.
 * The only connection shape the rest of the app gets.
 */
export type ConnectionSummary = {
  id: string;
  nickname: string;
  oktaDomain: string;
  clientId: string;
  requestedScopes: string[];
  grantedScopes: string[];
  status: ConnectionStatus;
  statusReason: string | null;
  authorizedSub: string | null;
  authorizedLogin: string | null;
  lastAuthorizedAt: Date | null;
  accessTokenExpiresAt: Date | null;
  createdBy: { id: string; name: string | null; email: string | null } | null;
  createdAt: Date;
  updatedAt: Date;
  /** Credential generation (bumped on token/secret writes); for optimistic checks by callers. */
  version: number;
};

/** Working type inside lib/connections (and the token lifecycle). Never hand it to the UI. */
export type DecryptedConnection = Omit<ConnectionSummary, "createdBy"> & {
  createdById: string | null;
  clientSecret: string;
  tokenSet: TokenSet | null;
  refreshLeaseOwner: string | null;
  refreshLeaseUntil: Date | null;
};

/**
 * The columns a summary reads. Deliberately lists columns instead of omitting secrets, so a new
 * secret column added later is not read by the list page by default.
 */
export const summarySelect = {
  id: true,
  nickname: true,
  oktaDomain: true,
  clientId: true,
  requestedScopes: true,
  grantedScopes: true,
  status: true,
  statusReason: true,
  authorizedSub: true,
  authorizedLogin: true,
  lastAuthorizedAt: true,
  accessTokenExpiresAt: true,
  createdAt: true,
  updatedAt: true,
  version: true,
  createdBy: { select: { id: true, name: true, email: true } },
} as const satisfies Prisma.ConnectionSelect;

/** Who did it, for audit events; `null` means the system (e.g. an automatic refresh). */
export type Actor = { id: string | null; email?: string | null } | null;
