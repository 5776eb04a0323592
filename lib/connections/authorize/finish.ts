import * as oidc from "openid-client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { newReferenceId } from "@/lib/okta/reference-id";
import { markPendingUnlessAuthorized, storeAuthorization } from "../repository";
import { parseScope } from "../secrets";
import { tokenSetFromResponse } from "../token-endpoint";
import type { Actor, ConnectionDeps } from "../types";
import { describeIssuerMismatch, describeRedirectError, describeTokenError, recordableCode } from "./okta-errors";
import type { AuthorizationOutcome, StateFailure } from "./outcome";
import { claimAuthorization, recordOutcome, type ClaimedAuthorization } from "./pending";
import { diffScopes, missingScopesMessage } from "./scopes";
import { withClientSecret } from "./with-client-secret";

// The OAuth callback's work: claim the pending authorization, turn Okta's redirect into tokens
// (openid-client checks state, PKCE, issuer, ID token claims and nonce), read the granted scopes
// from the token response, and store the authorization only if every required scope is there.

export type FinishDeps = ConnectionDeps & {
  /** openid-client configuration of the connection's org AS (discovery; holds the client secret). */
  oauthClient: (connectionId: string) => Promise<{ config: oidc.Configuration }>;
  log?: (line: string) => void;
  now?: () => number;
};

export type FinishInput = {
  /** The callback's query string as received. */
  query: URLSearchParams;
  /** The exact redirect URI registered on the OAuth app (and sent on /authorize). */
  redirectUri: string;
  actor: { id: string; email: string | null };
  /**
   * The success's audit events, written in the transaction that stores the tokens: if they can't
   * be written, nothing is stored and the new tokens are revoked.
   */
  recordSuccess?: (tx: Prisma.TransactionClient, outcome: AuthorizationOutcome) => Promise<void>;
};

export type FinishResult =
  | { kind: "rejected"; reason: StateFailure }
  | { kind: "finished"; authorizationId: string; outcome: AuthorizationOutcome; connectionId: string };

const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : "unknown error");

export async function finishAuthorization(deps: FinishDeps, input: FinishInput): Promise<FinishResult> {
  const now = deps.now ?? Date.now;
  const state = input.query.get("state") ?? undefined;
  const claim = await claimAuthorization(deps, state, input.actor.id, now());
  if (!claim.ok) return { kind: "rejected", reason: claim.reason };
  const pending = claim.authorization;
  let outcome: AuthorizationOutcome;
  try {
    outcome = await exchange(deps, input, pending, state ?? "", now);
  } catch (error) {
    // Still a conclusion for the member (and the verifier and any pending secret go with it).
    const referenceId = newReferenceId();
    deps.log?.(`[connections] authorization callback failed (reference ${referenceId}): ${errorText(error)}`);
    outcome = {
      ...baseOutcome(pending, null),
      nickname: "this connection",
      message: `The authorization could not be completed, and nothing was saved. Try again; if it keeps happening, quote reference ${referenceId}.`,
      referenceId,
    };
  }
  await recordOutcome(deps.db, pending.id, outcome);
  return { kind: "finished", authorizationId: pending.id, outcome, connectionId: pending.connectionId };
}

function baseOutcome(pending: ClaimedAuthorization, conn: { nickname: string } | null): AuthorizationOutcome {
  return {
    ok: false,
    connectionId: pending.connectionId,
    nickname: conn?.nickname ?? "(deleted connection)",
    reauthorize: pending.reauthorize,
    message: "",
    requestedScopes: pending.requestedScopes,
    grantedScopes: [],
    missingRequired: [],
    missingOptional: [],
    newlyGranted: [],
    principalChanged: false,
  };
}

async function exchange(
  deps: FinishDeps,
  input: FinishInput,
  pending: ClaimedAuthorization,
  state: string,
  now: () => number,
): Promise<AuthorizationOutcome> {
  const actor: Actor = { id: input.actor.id, email: input.actor.email };
  const conn = await deps.db.connection.findUnique({
    where: { id: pending.connectionId },
    select: { id: true, nickname: true, grantedScopes: true, authorizedSub: true, authorizedLogin: true, status: true },
  });
  const base = baseOutcome(pending, conn);
  if (!conn) return { ...base, message: "The connection was deleted while it was being authorized. Nothing was saved." };

  // A first authorization that fails leaves the connection Pending, with the reason on its row,
  // unless another flow has authorized it meanwhile (then its status and tokens are left alone).
  const refuse = async (outcome: AuthorizationOutcome): Promise<AuthorizationOutcome> => {
    if (!pending.reauthorize) await markPendingUnlessAuthorized(deps.db, conn.id, { reason: outcome.message, actor });
    return outcome;
  };
  // The same when the database may be what failed: the member's outcome matters more than the reason on the row.
  const refuseQuietly = async (outcome: AuthorizationOutcome): Promise<AuthorizationOutcome> => {
    try {
      return await refuse(outcome);
    } catch (error) {
      deps.log?.(`[connections] could not record why an authorization failed: ${errorText(error)}`);
      return outcome;
    }
  };

  const oktaError = input.query.get("error");
  if (oktaError !== null) {
    const referenceId = newReferenceId();
    const refusal = describeRedirectError(oktaError, referenceId);
    const code = recordableCode(oktaError);
    if (!refusal.known) deps.log?.(`[connections] authorization refused by Okta (reference ${referenceId}): ${code}`);
    return refuse({ ...base, message: refusal.message, oktaError: code, referenceId });
  }

  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  let config: oidc.Configuration;
  try {
    const discovered = (await deps.oauthClient(conn.id)).config;
    // A reauthorization with a rotated secret authenticates with that secret; the stored one is
    // replaced only once this succeeds.
    config = pending.clientSecret === null ? discovered : withClientSecret(discovered, pending.clientSecret);
    // Mix-up defence (RFC 9207), checked here for its own message before openid-client checks it again.
    const metadata = config.serverMetadata();
    const iss = input.query.get("iss");
    if (iss !== metadata.issuer && (iss !== null || metadata.authorization_response_iss_parameter_supported === true)) {
      const referenceId = newReferenceId();
      deps.log?.(`[connections] authorization answer with ${iss === null ? "no" : "another"} issuer refused (reference ${referenceId})`);
      return refuse({ ...base, message: describeIssuerMismatch(iss === null, referenceId), referenceId });
    }
    // The exact registered redirect URI with Okta's parameters: openid-client sends it (without the
    // query) as redirect_uri, so the request's own host header never matters.
    const currentUrl = new URL(input.redirectUri);
    for (const [key, value] of input.query) currentUrl.searchParams.append(key, value);
    tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    const referenceId = newReferenceId();
    // Only the name and message: an error's cause can hold the token response.
    deps.log?.(`[connections] authorization code exchange failed (reference ${referenceId}): ${errorText(error)}`);
    if (error instanceof oidc.ResponseBodyError) {
      const refusal = describeTokenError(error.error, referenceId);
      return refuse({ ...base, message: refusal.message, oktaError: recordableCode(error.error), referenceId });
    }
    // A refused client secret comes back as 401 with a WWW-Authenticate challenge (invalid_client).
    const challenged = error instanceof oidc.WWWAuthenticateChallengeError ? error.cause[0]?.parameters.error : undefined;
    if (challenged !== undefined) {
      const refusal = describeTokenError(challenged, referenceId);
      return refuse({ ...base, message: refusal.message, oktaError: recordableCode(challenged), referenceId });
    }
    if (error instanceof oidc.AuthorizationResponseError) {
      return refuse({ ...base, message: describeRedirectError(error.error, referenceId).message, oktaError: recordableCode(error.error), referenceId });
    }
    return refuse({
      ...base,
      message: `The authorization could not be completed: Okta's answer failed verification or Okta could not be reached. Nothing was saved. Try again; if it keeps happening, quote reference ${referenceId}.`,
      referenceId,
    });
  }

  const claims = tokens.claims();
  const sub = claims?.sub ?? null;
  const login = typeof claims?.preferred_username === "string" ? claims.preferred_username : typeof claims?.email === "string" ? claims.email : null;
  // The token response's scope is the truth (RFC 6749 §5.1: absent means "as requested").
  const granted = tokens.scope === undefined ? pending.requestedScopes : parseScope(tokens.scope);
  const diff = diffScopes(pending.requestedScopes, granted);
  const withDiff = { ...base, grantedScopes: diff.granted, missingRequired: diff.missingRequired, missingOptional: diff.missingOptional, principal: login ?? sub };

  if (diff.missingRequired.length > 0) {
    // Not usable: don't keep tokens nobody will store.
    await revokeQuietly(deps, config, tokens);
    return refuse({ ...withDiff, message: missingScopesMessage(diff.missingRequired, true) });
  }

  const tokenSet = tokenSetFromResponse(
    { access_token: tokens.access_token, token_type: tokens.token_type, expires_in: tokens.expires_in, refresh_token: tokens.refresh_token, id_token: tokens.id_token },
    now(),
    null,
  );
  tokenSet.scope = diff.granted;

  const succeeded = (previousSub: string | null): AuthorizationOutcome => {
    const principalChanged = previousSub !== null && sub !== null && previousSub !== sub;
    const previousPrincipal = conn.authorizedLogin ?? previousSub;
    const newlyGranted = pending.reauthorize ? diff.granted.filter((s) => !conn.grantedScopes.includes(s)) : [];
    const parts = [`${pending.reauthorize ? "Reauthorized" : "Authorized"} “${conn.nickname}” as ${login ?? sub ?? "an unknown Okta user"}.`];
    if (newlyGranted.length > 0) parts.push(`Newly granted: ${newlyGranted.join(", ")}.`);
    if (diff.missingOptional.length > 0) parts.push(missingScopesMessage(diff.missingOptional, false));
    if (principalChanged) {
      parts.push(
        `Warning: this connection used to act as ${previousPrincipal ?? "another Okta user"} and now acts as ${login ?? sub}. Everything done through it is now attributed to the new account in Okta.`,
      );
    }
    return { ...withDiff, ok: true, message: parts.join(" "), newlyGranted, principalChanged, previousPrincipal: principalChanged ? previousPrincipal : null };
  };

  // Tokens, scopes, a rotated secret and the audit events commit together or not at all.
  let outcome: AuthorizationOutcome | undefined;
  try {
    await storeAuthorization(deps, conn.id, {
      tokenSet,
      authorizedSub: sub,
      authorizedLogin: login,
      actor,
      requestedScopes: pending.requestedScopes,
      ...(pending.clientSecret !== null ? { clientSecret: pending.clientSecret } : {}),
      inTransaction: async (tx, { previousSub }) => {
        outcome = succeeded(previousSub);
        await input.recordSuccess?.(tx, outcome);
      },
    });
  } catch (error) {
    // Okta issued tokens nobody will use: revoke them, and tell the member nothing was saved.
    const referenceId = newReferenceId();
    deps.log?.(`[connections] could not save an authorization (reference ${referenceId}): ${errorText(error)}`);
    await revokeQuietly(deps, config, tokens);
    return refuseQuietly({
      ...withDiff,
      ok: false,
      message: `Okta approved the authorization, but it could not be saved, so nothing was changed${pending.reauthorize ? " (the connection keeps its previous authorization)" : ""} and the new tokens were revoked. Try again; if it keeps happening, quote reference ${referenceId}.`,
      referenceId,
    });
  }
  return outcome ?? succeeded(null);
}

/** Best effort: revokes tokens Okta issued that will not be stored (refresh token first: it ends the grant). */
async function revokeQuietly(deps: FinishDeps, config: oidc.Configuration, tokens: { refresh_token?: string; access_token: string }): Promise<void> {
  const pairs: [string | undefined, string][] = [
    [tokens.refresh_token, "refresh_token"],
    [tokens.access_token, "access_token"],
  ];
  for (const [token, hint] of pairs) {
    if (!token) continue;
    try {
      await oidc.tokenRevocation(config, token, { token_type_hint: hint });
    } catch (error) {
      deps.log?.(`[connections] could not revoke an unused ${hint}: ${errorText(error)}`);
    }
  }
}
