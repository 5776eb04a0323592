"use server";

import { ActionFailure, guardedAction } from "@/lib/auth/guard";
import { getConnectionSummary } from "@/lib/connections";
import { reauthorizeConnectionSchema } from "@/lib/connections/authorize/inputs";
import { describeDiscoveryError } from "@/lib/connections/authorize/okta-errors";
import { startAuthorization } from "@/lib/connections/authorize/pending";
import { ALWAYS_REQUESTED_SCOPES, requestedScopesFor } from "@/lib/connections/authorize/scopes";
import { connectionRedirectUri } from "@/lib/connections/authorize/server";
import { connectionDeps, oauthClientForConnection } from "@/lib/connections/server";

/**
 * Starts a new authorization of an existing connection (same id; its configuration is kept).
 * Without changes it asks for the scopes of the last authorization; the Permissions tab may change
 * them. A rotated client secret can be given at the same time: it waits, encrypted, on the pending
 * authorization and replaces the stored one only if this authorization succeeds (a mistyped or
 * not-yet-active secret must not break a working connection, even if the flow is abandoned).
 */
export const reauthorizeConnectionAction = guardedAction(
  { name: "connection.reauthorize", permission: "connections.manage", input: reauthorizeConnectionSchema },
  async (input, ctx) => {
    const deps = connectionDeps();
    const summary = await getConnectionSummary(deps.db, input.id);
    if (!summary) throw new ActionFailure("NOT_FOUND", "This connection no longer exists.");

    let client;
    try {
      client = await oauthClientForConnection(input.id);
    } catch {
      throw new ActionFailure("UPSTREAM", describeDiscoveryError(summary.oktaDomain), undefined, { connectionId: input.id });
    }
    const requestedScopes =
      input.scopeMode === "previous"
        ? [...new Set([...ALWAYS_REQUESTED_SCOPES, ...client.requestedScopes])].sort()
        : requestedScopesFor(input.scopeMode, input.scopes);

    const { authorizeUrl } = await startAuthorization(deps, {
      connectionId: input.id,
      userId: ctx.member.userId,
      requestedScopes,
      reauthorize: summary.lastAuthorizedAt !== null,
      config: client.config,
      redirectUri: connectionRedirectUri(),
      ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}),
    });
    await ctx.audit({
      action: "connection.reauthorize",
      outcome: "SUCCESS",
      connectionId: input.id,
      target: summary.nickname,
      details: { step: "sent to Okta", scopeMode: input.scopeMode, requestedScopes, newClientSecretPending: Boolean(input.clientSecret) },
    });
    return { authorizeUrl };
  },
);
