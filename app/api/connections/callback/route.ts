import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import { guardedRoute, type RouteContext } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { finishAuthorization } from "@/lib/connections/authorize/finish";
import type { AuthorizationOutcome } from "@/lib/connections/authorize/outcome";
import { connectionRedirectUri, finishDeps } from "@/lib/connections/authorize/server";
import { redirectToConnections } from "@/lib/connections/authorize/redirect";
import { errorFields, logger } from "@/lib/observability/log";

// Okta's redirect after a connection authorization (the redirect URI registered on the OAuth app).
// Every parameter is optional here and no length is capped: the checks (state's shape, bound to this
// member, single use, 10 minutes, PKCE, nonce, issuer) happen in finishAuthorization, so even an
// oversize or garbage answer ends on the Connections page with its reason and an audit event, not
// a bare 400. (The HTTP server's URL limit bounds the sizes.)
const callbackQuery = z.looseObject({
  state: z.string().optional(),
  code: z.string().optional(),
  error: z.string().optional(),
});

export const GET = guardedRoute(
  { name: "connection.authorize", permission: "connections.manage", input: callbackQuery },
  async (_input, ctx) => {
    const query = new URL(ctx.request.url).searchParams;
    const result = await finishAuthorization(finishDeps(), {
      query,
      redirectUri: connectionRedirectUri(),
      actor: { id: ctx.member.userId, email: ctx.member.email },
      // A success is audited in the transaction that stores the tokens: no tokens without the events.
      recordSuccess: (tx, outcome) => auditOutcome(ctx, outcome, tx),
    });
    if (result.kind === "rejected") {
      await ctx.audit({ action: "connection.authorize", outcome: "FAILURE", details: { reason: result.reason } });
      return redirectToConnections(`/connections?authorizationError=${result.reason}`);
    }
    const { outcome } = result;
    if (!outcome.ok) {
      // The outcome is already recorded for the page; a lost audit line must not turn it into a 500.
      try {
        await auditOutcome(ctx, outcome);
      } catch (error) {
        logger("connections").error({ reference: outcome.referenceId ?? null, ...errorFields(error) }, "could not audit a failed authorization");
      }
    }
    revalidate("/connections");
    return redirectToConnections(`/connections?authorization=${encodeURIComponent(result.authorizationId)}`);
  },
);

async function auditOutcome(ctx: RouteContext, outcome: AuthorizationOutcome, tx?: Prisma.TransactionClient): Promise<void> {
  await ctx.audit(
    {
      action: "connection.authorize",
      outcome: outcome.ok ? "SUCCESS" : "FAILURE",
      connectionId: outcome.connectionId,
      target: outcome.nickname,
      referenceId: outcome.referenceId ?? null,
      details: {
        reauthorization: outcome.reauthorize,
        principal: outcome.principal ?? null,
        grantedScopes: outcome.grantedScopes,
        missingRequired: outcome.missingRequired,
        missingOptional: outcome.missingOptional,
        newlyGranted: outcome.newlyGranted,
        oktaError: outcome.oktaError ?? null,
      },
    },
    tx,
  );
  if (outcome.principalChanged) {
    await ctx.audit(
      {
        action: "connection.principal_changed",
        outcome: "SUCCESS",
        connectionId: outcome.connectionId,
        target: outcome.nickname,
        details: { from: outcome.previousPrincipal ?? null, to: outcome.principal ?? null },
      },
      tx,
    );
  }
}
