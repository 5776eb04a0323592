// oidc-provider@9 ships no type declarations and @types/oidc-provider is not a dependency.
// This declares only the surface sandbox/oauth uses, with `unknown` wherever we don't rely on shape.

declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  /** What oidc-provider hands an adapter; we read only these fields. */
  export interface AdapterPayload {
    [key: string]: unknown;
    grantId?: string;
    uid?: string;
    clientId?: string;
    consumed?: unknown;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface ClientModel {
    clientId: string;
    grantTypeAllowed(type: string): boolean;
  }

  export interface SessionModel {
    accountId?: string;
    uid: string;
  }

  export interface GrantModel {
    readonly jti: string;
    accountId: string;
    clientId: string;
    addOIDCScope(scope: string): void;
    getOIDCScope(): string;
    save(): Promise<string>;
  }

  export interface GrantClass {
    new (properties: { accountId: string; clientId: string }): GrantModel;
    find(id: string): Promise<GrantModel | undefined>;
  }

  export interface AccessTokenModel {
    readonly jti: string;
    accountId: string;
    clientId: string;
    grantId?: string;
    scope?: string;
    readonly isExpired: boolean;
    destroy(): Promise<void>;
  }

  export interface TokenModel {
    readonly kind: string;
    clientId: string;
    destroy(): Promise<void>;
  }

  export interface OIDCContext {
    readonly route: string;
    params: Record<string, unknown>;
    readonly body?: Record<string, unknown>;
    readonly client?: ClientModel;
    readonly session?: SessionModel;
    readonly account?: { accountId: string };
    readonly result?: { consent?: { grantId?: string } };
    readonly requestParamOIDCScopes: Set<string>;
    readonly entities: Record<string, unknown>;
    readonly provider: Provider;
  }

  /** The koa context, as far as our middleware touches it. */
  export interface KoaContextWithOIDC {
    readonly method: string;
    readonly path: string;
    readonly query: Record<string, string | string[] | undefined>;
    status: number;
    body: unknown;
    set(field: string, value: string): void;
    get(field: string): string;
    oidc?: OIDCContext;
  }

  export type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>>;
  }

  export interface ErrorOut {
    error: string;
    error_description?: string;
  }

  export interface InteractionResults {
    login?: { accountId: string };
    consent?: { grantId: string };
    error?: string;
    error_description?: string;
  }

  export interface Interaction {
    uid: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, unknown>;
    session?: { accountId: string; uid: string };
    grantId?: string;
  }

  /** Only the configuration keys we set; see node_modules/oidc-provider/lib/helpers/defaults.js. */
  export interface Configuration {
    adapter: (name: string) => Adapter;
    findAccount: (ctx: KoaContextWithOIDC, sub: string) => Promise<Account | undefined>;
    jwks: { keys: object[] };
    cookies: { keys: string[] };
    routes: Record<string, string>;
    scopes: string[];
    claims: Record<string, string[]>;
    responseTypes: string[];
    pkce: { required: (ctx: KoaContextWithOIDC, client: ClientModel) => boolean };
    ttl: Record<string, number>;
    conformIdTokenClaims: boolean;
    allowOmittingSingleRegisteredRedirectUri: boolean;
    extraParams: Record<string, (ctx: KoaContextWithOIDC, value: unknown, client: ClientModel) => Promise<void>>;
    loadExistingGrant: (ctx: KoaContextWithOIDC) => Promise<GrantModel | undefined>;
    rotateRefreshToken: (ctx: KoaContextWithOIDC) => boolean;
    expiresWithSession: () => Promise<boolean>;
    interactions: { url: (ctx: KoaContextWithOIDC, interaction: Interaction) => Promise<string> };
    renderError: (ctx: KoaContextWithOIDC, out: ErrorOut, error: Error) => Promise<void>;
    features: Record<string, object>;
    enabledJWA: Record<string, string[]>;
  }

  export class Provider {
    constructor(issuer: string, configuration: Partial<Configuration>);
    readonly issuer: string;
    readonly Grant: GrantClass;
    readonly AccessToken: { find(value: string): Promise<AccessTokenModel | undefined> };
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    use(middleware: Middleware): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
  }

  export const errors: {
    CustomOIDCProviderError: new (error: string, description: string) => Error;
    InvalidRequest: new (description: string) => Error;
  };

  export default Provider;
}
