import { createHash, randomUUID } from "node:crypto";
import * as oidc from "openid-client";
import { decryptValue, encryptValue } from "@/lib/crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ConnectionDeps } from "../types";
import type { AuthorizationOutcome, StateFailure } from "./outcome";

// Pending authorizations: the server half of an authorization-code flow. State, nonce and the PKCE
// verifier are made here and kept in Postgres, bound to the member who started the flow; the
// browser only ever carries `state` (and the code Okta adds). Claiming one is atomic and single use.

/** How long a started authorization may take (sign-in at Okta included). */
export const AUTHORIZATION_TTL_MS = 10 * 60 * 1000;
/** Finished or abandoned rows are kept this long (the outcome banner), then deleted. */
const RETENTION_MS = 24 * 60 * 60 * 1000;

export const hashState = (state: string): string => createHash("sha256").update(state, "utf8").digest("hex");

const verifierContext = (authorizationId: string) => `connectionAuthorization:${authorizationId}:codeVerifier`;
const clientSecretContext = (authorizationId: string) => `connectionAuthorization:${authorizationId}:clientSecret`;

export type StartAuthorizationInput = {
  connectionId: string;
  userId: string;
  requestedScopes: string[];
  reauthorize: boolean;
  /** openid-client configuration of the connection's org AS (discovery already checked the issuer). */
  config: oidc.Configuration;
  redirectUri: string;
  /**
   * A rotated client secret given with a reauthorization: kept encrypted on this row, used for this
   * flow's code exchange and saved on the connection only if the authorization succeeds.
   */
  clientSecret?: string;
  now?: number;
};

/** Records a pending authorization and returns the URL to send the browser to. */
export async function startAuthorization(deps: ConnectionDeps, input: StartAuthorizationInput): Promise<{ authorizeUrl: string; authorizationId: string }> {
  const now = input.now ?? Date.now();
  const id = randomUUID();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const verifier = oidc.randomPKCECodeVerifier();
  await deps.db.connectionAuthorization.deleteMany({ where: { expiresAt: { lt: new Date(now - RETENTION_MS) } } });
  // Abandoned flows can't be finished any more: their pending secrets go now, not at deletion.
  await deps.db.connectionAuthorization.updateMany({ where: { expiresAt: { lt: new Date(now) }, clientSecretEnc: { not: null } }, data: { clientSecretEnc: null } });
  await deps.db.connectionAuthorization.create({
    data: {
      id,
      stateHash: hashState(state),
      connectionId: input.connectionId,
      userId: input.userId,
      nonce,
      codeVerifierEnc: encryptValue(deps.keyring, verifier, verifierContext(id)),
      clientSecretEnc: input.clientSecret === undefined ? null : encryptValue(deps.keyring, input.clientSecret, clientSecretContext(id)),
      requestedScopes: input.requestedScopes,
      reauthorize: input.reauthorize,
      expiresAt: new Date(now + AUTHORIZATION_TTL_MS),
    },
  });
  const url = oidc.buildAuthorizationUrl(input.config, {
    redirect_uri: input.redirectUri,
    response_type: "code",
    scope: input.requestedScopes.join(" "),
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
  });
  return { authorizeUrl: url.href, authorizationId: id };
}

/**
 * Key rotation: a pending row's verifier and secret, decrypted with any keyring key and encrypted
 * under the current one (same AAD). Throws DecryptError when the keyring can't read them.
 */
export function reencryptPendingSecrets(
  keyring: ConnectionDeps["keyring"],
  row: { id: string; codeVerifierEnc: string; clientSecretEnc: string | null },
): { codeVerifierEnc: string; clientSecretEnc: string | null } {
  const rewrap = (envelope: string, context: string) => encryptValue(keyring, decryptValue(keyring, envelope, context), context);
  return {
    // "" is a finished flow's blanked verifier: nothing to re-encrypt.
    codeVerifierEnc: row.codeVerifierEnc === "" ? "" : rewrap(row.codeVerifierEnc, verifierContext(row.id)),
    clientSecretEnc: row.clientSecretEnc === null ? null : rewrap(row.clientSecretEnc, clientSecretContext(row.id)),
  };
}

export type ClaimedAuthorization = {
  id: string;
  connectionId: string;
  nonce: string;
  codeVerifier: string;
  /** The replacement client secret this flow was started with, if any (see StartAuthorizationInput). */
  clientSecret: string | null;
  requestedScopes: string[];
  reauthorize: boolean;
};

export type ClaimResult = { ok: true; authorization: ClaimedAuthorization } | { ok: false; reason: StateFailure };

/**
 * Claims the pending authorization `state` belongs to, for `userId`: exactly once, before it
 * expires, and only by the member who started it. A refused claim changes nothing (in particular,
 * another member's state does not burn the owner's authorization).
 */
export async function claimAuthorization(deps: ConnectionDeps, state: string | undefined, userId: string, now = Date.now()): Promise<ClaimResult> {
  if (!state) return { ok: false, reason: "missing_state" };
  // Every state we issue has this shape (oidc.randomState); anything else can't be ours, whatever its length.
  if (!STATE_SHAPE.test(state)) return { ok: false, reason: "unknown_state" };
  const stateHash = hashState(state);
  const claimed = await deps.db.connectionAuthorization.updateManyAndReturn({
    where: { stateHash, userId, consumedAt: null, expiresAt: { gt: new Date(now) } },
    data: { consumedAt: new Date(now) },
  });
  const row = claimed[0];
  if (!row) {
    const existing = await deps.db.connectionAuthorization.findUnique({ where: { stateHash }, select: { userId: true, consumedAt: true } });
    if (!existing) return { ok: false, reason: "unknown_state" };
    if (existing.userId !== userId) return { ok: false, reason: "foreign_state" };
    return { ok: false, reason: existing.consumedAt ? "replayed_state" : "expired_state" };
  }
  let secrets: { codeVerifier: string; clientSecret: string | null };
  try {
    secrets = {
      codeVerifier: decryptValue(deps.keyring, row.codeVerifierEnc, verifierContext(row.id)),
      clientSecret: row.clientSecretEnc === null ? null : decryptValue(deps.keyring, row.clientSecretEnc, clientSecretContext(row.id)),
    };
  } catch {
    secrets = { codeVerifier: "", clientSecret: null };
  }
  // A verifier we can't read (a key dropped mid-flow, a tampered row) fails here with its own reason,
  // before Okta is asked to redeem the code; the claimed row keeps nothing secret.
  if (!VERIFIER_SHAPE.test(secrets.codeVerifier)) {
    await deps.db.connectionAuthorization.update({ where: { id: row.id }, data: { codeVerifierEnc: "", clientSecretEnc: null } });
    return { ok: false, reason: "unreadable_state" };
  }
  return {
    ok: true,
    authorization: {
      id: row.id,
      connectionId: row.connectionId,
      nonce: row.nonce,
      ...secrets,
      requestedScopes: row.requestedScopes,
      reauthorize: row.reauthorize,
    },
  };
}

/** oidc.randomState(): 32 random bytes, base64url. Lenient on length, strict on alphabet. */
const STATE_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;
/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER_SHAPE = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * Keeps the callback's conclusion for the page; the verifier and any pending client secret are no
 * longer needed (a successful flow has copied the secret to the connection), so they go.
 */
export async function recordOutcome(db: ConnectionDeps["db"], authorizationId: string, outcome: AuthorizationOutcome): Promise<void> {
  await db.connectionAuthorization.update({
    where: { id: authorizationId },
    data: { outcome: outcome as Prisma.InputJsonValue, codeVerifierEnc: "", clientSecretEnc: null },
  });
}
