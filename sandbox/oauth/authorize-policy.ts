// Okta's /authorize rules that oidc-provider doesn't have, plugged in as `extraParams` validators:
// oidc-provider runs those after it has validated client_id, redirect_uri, response_type and PKCE,
// so an error thrown here goes back on the (already trusted) redirect_uri with `state`, like Okta.

import { errors, type ClientModel, type KoaContextWithOIDC } from "oidc-provider";
import type { OrgDirectory } from "../org/contract";
import { decideAuthorizeScopes, parseScope } from "./scopes";

type Validator = (ctx: KoaContextWithOIDC, value: unknown, client: ClientModel) => Promise<void>;

/**
 * The parameter as the client sent it. oidc-provider has already rewritten `scope` by then
 * (it drops offline_access unless prompt=consent, an OIDC-spec rule Okta does not apply).
 */
function rawParam(ctx: KoaContextWithOIDC, name: string): unknown {
  if (ctx.method === "POST") return ctx.oidc?.body?.[name];
  return ctx.query[name];
}

export function authorizeParamValidators(directory: OrgDirectory): Record<string, Validator> {
  return {
    // Okta requires state on every authorize request.
    state: async (_ctx, value) => {
      if (typeof value !== "string" || value.length === 0) {
        throw new errors.InvalidRequest("The authorization request is missing the required parameter: state.");
      }
    },
    scope: async (ctx, _value, client) => {
      const oidc = ctx.oidc;
      const app = directory.getApp(client.clientId);
      if (!oidc || !app) return;
      const decision = decideAuthorizeScopes(parseScope(rawParam(ctx, "scope")), app);
      if (!decision.ok) throw new errors.CustomOIDCProviderError(decision.error, decision.description);
      // From here on oidc-provider (grant, code, tokens, token response `scope`) sees only what the
      // app is allowed: requested OIDC scopes + granted okta.* scopes.
      oidc.params.scope = decision.scopes.join(" ");
    },
  };
}
