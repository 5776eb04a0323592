"use server";

import { ActionFailure, guardedAction } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { ConnectionError, createConnection } from "@/lib/connections";
import { createConnectionSchema } from "@/lib/connections/authorize/inputs";
import { describeDiscoveryError } from "@/lib/connections/authorize/okta-errors";
import { startAuthorization } from "@/lib/connections/authorize/pending";
import { requestedScopesFor } from "@/lib/connections/authorize/scopes";
import { connectionRedirectUri, discoverOrg, parseDomainField } from "@/lib/connections/authorize/server";
import { connectionDeps } from "@/lib/connections/server";
import { findDisallowedAddress } from "@/lib/net/guarded-lookup";

/**
 * Saves a Pending connection (secret encrypted) and starts its first authorization. Returns the
 * Okta authorize URL to send the browser to; the callback stores the tokens.
 */
export const createConnectionAction = guardedAction(
  { name: "connection.create", permission: "connections.manage", input: createConnectionSchema },
  async (input, ctx) => {
    const domain = parseDomainField(input.domain);
    if (!domain.ok) throw new ActionFailure("INVALID_INPUT", "Check the highlighted fields.", { domain: [domain.message] });
    const deps = connectionDeps();
    if (await deps.db.connection.findUnique({ where: { nickname: input.nickname }, select: { id: true } })) {
      throw new ActionFailure("CONFLICT", "Check the highlighted fields.", { nickname: ["Another connection already has this nickname."] });
    }

    let config;
    try {
      config = await discoverOrg(domain.host, input.clientId, input.clientSecret);
    } catch (error) {
      // A refusal of the outbound guard says which address the domain resolves to; that is the fix.
      const message = findDisallowedAddress(error)?.message ?? describeDiscoveryError(domain.host);
      throw new ActionFailure("UPSTREAM", "Check the highlighted fields.", { domain: [message] }, { host: domain.host });
    }

    const requestedScopes = requestedScopesFor(input.scopeMode, input.scopes);
    let connectionId: string;
    try {
      const created = await createConnection(deps, {
        nickname: input.nickname,
        oktaDomain: domain.host,
        clientId: input.clientId,
        clientSecret: input.clientSecret,
        requestedScopes,
        createdById: ctx.member.userId,
      });
      connectionId = created.id;
    } catch (error) {
      if (error instanceof ConnectionError && error.code === "NICKNAME_TAKEN") {
        throw new ActionFailure("CONFLICT", "Check the highlighted fields.", { nickname: ["Another connection already has this nickname."] });
      }
      throw error;
    }

    const { authorizeUrl } = await startAuthorization(deps, {
      connectionId,
      userId: ctx.member.userId,
      requestedScopes,
      reauthorize: false,
      config,
      redirectUri: connectionRedirectUri(),
    });
    await ctx.audit({
      action: "connection.create",
      outcome: "SUCCESS",
      connectionId,
      target: input.nickname,
      details: { oktaDomain: domain.host, environment: domain.environment, clientId: input.clientId, scopeMode: input.scopeMode, requestedScopes },
    });
    revalidate("/connections");
    return { connectionId, authorizeUrl };
  },
);
