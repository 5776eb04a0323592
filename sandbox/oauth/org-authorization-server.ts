// The sandbox org's authorization server (`/oauth2/v1/*`): oidc-provider configured to behave
// like Okta's org AS. Okta-specific rules live next door: scopes.ts (scope policy),
// authorize-policy.ts (state + scopes on /authorize), token-store.ts (clock + rotation leeway),
// okta-responses.ts (Okta's error texts and introspection shape), sign-in.ts (the sign-in page).

import type { IncomingMessage, ServerResponse } from "node:http";
import { randomBytes, type JsonWebKey } from "node:crypto";
import Provider, {
  type Account,
  type AdapterPayload,
  type Configuration,
  type KoaContextWithOIDC,
} from "oidc-provider";
import type { AccessTokenInfo, Clock, OrgDirectory } from "../org/contract";
import { authorizeParamValidators } from "./authorize-policy";
import { clientAdapter } from "./clients";
import { oktaResponses } from "./okta-responses";
import { errorPage } from "./pages";
import { ALL_SCOPES, parseScope, withoutRevokedGrants } from "./scopes";
import { releasedClaims, type ClaimStyle } from "./claim-style";
import { createSigningKey } from "./signing-key";
import { INTERACTION_PREFIX, SignIn } from "./sign-in";
import { TokenStore, type PersistedToken } from "./token-store";

export interface OrgAuthorizationServerOptions {
  /** The org URL, e.g. "http://127.0.0.1:45123" (no trailing slash). Okta's org AS issuer is the org URL itself. */
  issuer: string;
  /** Apps and users, from the org store. */
  directory: OrgDirectory;
  clock: Clock;
  /** Default 3600 (Okta org AS: 60 min); tests set it short. */
  accessTokenTtlSeconds?: number;
  /** Default 3600. */
  idTokenTtlSeconds?: number;
  /** How the signed-in person's claims are released (read on every token and userinfo request). Default "id-token". */
  claimStyle?: () => ClaimStyle;
  /** RSA private JWK to sign ID tokens with; generated at start when omitted. */
  signingKey?: JsonWebKey;
  /** Grants and tokens issued before a restart (what persistedTokens() returned then). */
  tokens?: readonly PersistedToken[];
  /** Called when what persistedTokens() returns has changed. */
  onTokensChange?: () => void;
}

export interface OrgAuthorizationServer {
  /** Handles /.well-known/openid-configuration and /oauth2/v1/* ; returns false if the path is not ours. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** For the Management API: who a Bearer access token acts for, or null if unknown/expired/revoked. */
  verifyAccessToken(token: string): Promise<AccessTokenInfo | null>;
  /** What must survive a restart to honour the tokens issued so far (no token values). */
  persistedTokens(): PersistedToken[];
  counters(): { tokensIssued: number; refreshes: number; authorizationCodesIssued: number; revocations: number; reuseDetected: number };
}

export const ROUTES = {
  authorization: "/oauth2/v1/authorize",
  token: "/oauth2/v1/token",
  revocation: "/oauth2/v1/revoke",
  introspection: "/oauth2/v1/introspect",
  jwks: "/oauth2/v1/keys",
  userinfo: "/oauth2/v1/userinfo",
  end_session: "/oauth2/v1/logout",
  pushed_authorization_request: "/oauth2/v1/par",
} as const;

const DISCOVERY_PATH = "/.well-known/openid-configuration";
/** Okta's org AS lifetimes (okta-facts §3): refresh tokens 90 days, not extended by rotation. */
const REFRESH_TOKEN_TTL_SECONDS = 90 * 24 * 3600;
const AUTHORIZATION_CODE_TTL_SECONDS = 300;
/** Okta's default global session lifetime. */
const SESSION_TTL_SECONDS = 2 * 3600;

const CLAIMS: Record<string, string[]> = {
  openid: ["sub"],
  profile: ["name", "preferred_username", "given_name", "family_name", "locale", "zoneinfo", "updated_at"],
  email: ["email", "email_verified"],
  address: ["address"],
  phone: ["phone_number", "phone_number_verified"],
  groups: ["groups"],
};

export async function createOrgAuthorizationServer(opts: OrgAuthorizationServerOptions): Promise<OrgAuthorizationServer> {
  const { directory, clock, issuer } = opts;
  const counts = { tokensIssued: 0, refreshes: 0, authorizationCodesIssued: 0, revocations: 0, reuseDetected: 0 };

  const store = new TokenStore({
    clock,
    refreshLeewayMs: (clientId) => {
      const leeway = directory.getApp(clientId)?.refreshToken.leeway ?? 0;
      return Math.min(Math.max(leeway, 0), 60) * 1000;
    },
    onChange: opts.onTokensChange,
  });
  store.restore(opts.tokens ?? []);

  const adapter = (model: string) => {
    if (model === "Client") return clientAdapter(directory);
    const inner = store.adapterFor(model);
    if (model !== "Grant") return inner;
    // An admin revoking an okta.* grant on the app takes those scopes out of the next refresh:
    // oidc-provider intersects every new access token's scopes with the grant's.
    return { ...inner, find: async (id: string) => withLiveGrants(await inner.find(id)) };
  };

  const withLiveGrants = (payload: AdapterPayload | undefined): AdapterPayload | undefined => {
    const app = typeof payload?.clientId === "string" ? directory.getApp(payload.clientId) : undefined;
    const openid = payload?.openid;
    if (!payload || !app || typeof openid !== "object" || openid === null || !("scope" in openid)) return payload;
    const scope = withoutRevokedGrants(parseScope(openid.scope), app).join(" ");
    return { ...payload, openid: { ...openid, scope } };
  };

  const findAccount = async (_ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> => {
    const user = directory.getUser(sub);
    // A deactivated or suspended user's tokens stop working: refresh → invalid_grant, userinfo → 401.
    if (!user || !canUseTokens(user.status)) return undefined;
    return {
      accountId: user.id,
      claims: async (use: string) =>
        releasedClaims(opts.claimStyle?.() ?? "id-token", use, {
          sub: user.id,
          name: `${user.firstName} ${user.lastName}`.trim(),
          given_name: user.firstName,
          family_name: user.lastName,
          preferred_username: user.login,
          email: user.email,
          email_verified: true,
          locale: "en_US",
          zoneinfo: "America/Los_Angeles",
        }),
    };
  };

  const configuration: Partial<Configuration> = {
    adapter,
    findAccount,
    jwks: { keys: [createSigningKey(opts.signingKey)] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    routes: { ...ROUTES },
    scopes: [...ALL_SCOPES],
    claims: CLAIMS,
    responseTypes: ["code"],
    // Okta: PKCE with S256 only (oidc-provider 9 supports nothing else), required on every request.
    pkce: { required: () => true },
    ttl: {
      AccessToken: opts.accessTokenTtlSeconds ?? 3600,
      IdToken: opts.idTokenTtlSeconds ?? 3600,
      AuthorizationCode: AUTHORIZATION_CODE_TTL_SECONDS,
      RefreshToken: REFRESH_TOKEN_TTL_SECONDS,
      // The grant is saved once per sign-in and every token of the family needs it, so its expiry
      // (on the sandbox clock) is what ends the family 90 days after sign-in, rotations or not.
      Grant: REFRESH_TOKEN_TTL_SECONDS,
      Session: SESSION_TTL_SECONDS,
      Interaction: 3600,
    },
    // Okta puts profile/email claims in the ID token itself, not only in userinfo.
    conformIdTokenClaims: false,
    // Okta requires redirect_uri even when the app has a single one.
    allowOmittingSingleRegisteredRedirectUri: false,
    extraParams: authorizeParamValidators(directory),
    // Consent is implicit on the org AS. Each authorization gets its own grant holding exactly
    // the (already narrowed) requested scopes, so a token family is one sign-in: reuse detection
    // revokes that family and nothing the same user authorized elsewhere.
    loadExistingGrant: async (ctx) => {
      const oidc = ctx.oidc;
      if (!oidc?.client || !oidc.account) return undefined;
      const consented = oidc.result?.consent?.grantId;
      if (consented) return oidc.provider.Grant.find(consented);
      const grant = new oidc.provider.Grant({ accountId: oidc.account.accountId, clientId: oidc.client.clientId });
      grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(" "));
      await grant.save();
      return grant;
    },
    rotateRefreshToken: (ctx) => {
      const clientId = ctx.oidc?.client?.clientId;
      return clientId !== undefined && directory.getApp(clientId)?.refreshToken.rotationType === "ROTATE";
    },
    // Okta's tokens outlive the browser session that created them.
    expiresWithSession: async () => false,
    interactions: { url: async (_ctx, interaction) => `${INTERACTION_PREFIX}${interaction.uid}` },
    renderError: async (ctx, out) => {
      ctx.set("Content-Type", "text/html; charset=utf-8");
      ctx.body = errorPage(out.error, out.error_description);
    },
    // Okta lists ES* and RS* DPoP algorithms only (oauth spec OidcMetadata); oidc-provider adds EdDSA by default.
    enabledJWA: { dPoPSigningAlgValues: ["ES256", "RS256"] },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true },
      revocation: {
        enabled: true,
        // Okta revokes just the access token presented; oidc-provider would also revoke the
        // refresh tokens of its grant. Do the narrow revocation here and tell oidc-provider to stop.
        allowedPolicy: async (_ctx: KoaContextWithOIDC, client: { clientId: string }, token: { kind: string; clientId: string; destroy(): Promise<void> }) => {
          if (token.clientId !== client.clientId) return false;
          if (token.kind === "AccessToken") {
            await token.destroy();
            return false;
          }
          return true;
        },
      },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
  };

  const provider = new Provider(issuer, configuration);

  const errorsByRequest = new WeakMap<object, { error_detail?: unknown }>();
  const rememberError = (ctx: unknown, err: unknown) => {
    if (typeof ctx === "object" && ctx !== null && typeof err === "object" && err !== null) errorsByRequest.set(ctx, err);
  };
  for (const event of ["grant.error", "introspection.error", "revocation.error"]) provider.on(event, rememberError);
  provider.on("access_token.saved", () => void counts.tokensIssued++);
  provider.on("authorization_code.saved", () => void counts.authorizationCodesIssued++);
  provider.on("grant.success", (ctx) => {
    if (isRefreshRequest(ctx)) counts.refreshes++;
  });

  provider.use(
    oktaResponses({
      issuer,
      routes: ROUTES,
      directory,
      errorFor: (ctx) => errorsByRequest.get(ctx),
      onReuseDetected: () => void counts.reuseDetected++,
      onRevocation: () => void counts.revocations++,
    }),
  );

  const callback = provider.callback();
  const signIn = new SignIn(provider, directory);

  return {
    async handle(req, res) {
      const path = new URL(req.url ?? "/", issuer).pathname;
      if (path.startsWith(INTERACTION_PREFIX)) {
        try {
          await signIn.handle(req, res, path);
        } catch (err) {
          // e.g. the interaction expired between showing the page and posting it: a page, not a 500.
          if (res.headersSent) throw err;
          res.statusCode = 400;
          res.setHeader("Content-Type", "text/html; charset=utf-8");
          res.end(errorPage("invalid_request", "The sign-in request could not be completed. Go back to the application and try again."));
        }
        return true;
      }
      if (path !== DISCOVERY_PATH && !path.startsWith("/oauth2/v1/")) return false;
      if (path === DISCOVERY_PATH && !knownClientParam(req, issuer, directory)) {
        sendInvalidClientId(res);
        return true;
      }
      await callback(req, res);
      return true;
    },

    async verifyAccessToken(token) {
      const at = await provider.AccessToken.find(token);
      if (!at || at.isExpired) return null;
      const user = directory.getUser(at.accountId);
      if (!user || !canUseTokens(user.status)) return null;
      const exp = store.expiresAt("AccessToken", at.jti);
      if (exp === undefined) return null;
      return { clientId: at.clientId, sub: at.accountId, scopes: parseScope(at.scope), exp };
    },

    persistedTokens: () => store.persisted(),
    counters: () => ({ ...counts }),
  };
}

/** Okta ends a user's sessions and tokens when the user is deactivated or suspended. */
const canUseTokens = (status: string): boolean => status !== "DEPROVISIONED" && status !== "SUSPENDED";

/** Okta's discovery takes an optional client_id and rejects an unknown one (oauth spec Error400InvalidClientId). */
function knownClientParam(req: IncomingMessage, issuer: string, directory: OrgDirectory): boolean {
  const clientId = new URL(req.url ?? "/", issuer).searchParams.get("client_id");
  return clientId === null || directory.getApp(clientId) !== undefined;
}

function sendInvalidClientId(res: ServerResponse): void {
  res.statusCode = 400;
  res.setHeader("Content-Type", "application/json");
  res.end(
    JSON.stringify({
      errorCode: "invalid_client",
      errorSummary: "Invalid value for `client_id` parameter",
      errorLink: "invalid_client",
      errorId: `oae${randomBytes(11).toString("base64url")}`,
      errorCauses: [],
    }),
  );
}

function isRefreshRequest(ctx: unknown): boolean {
  if (typeof ctx !== "object" || ctx === null || !("oidc" in ctx)) return false;
  const oidc = ctx.oidc;
  if (typeof oidc !== "object" || oidc === null || !("params" in oidc)) return false;
  const params = oidc.params;
  return typeof params === "object" && params !== null && "grant_type" in params && params.grant_type === "refresh_token";
}
