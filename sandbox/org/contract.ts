// The contract between the sandbox's parts: the org store (sandbox/org/*) owns this state; the
// authorization server (sandbox/oauth/*) reads apps and users from it; the Management API
// (sandbox/management/*) asks the authorization server who a Bearer token belongs to.

export type RotationType = "ROTATE" | "STATIC";

/** An OAuth app registered in the org (Admin Console › Applications), as the org AS sees it. */
export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  name: string;
  redirectUris: string[];
  /** okta.* scopes granted on the app's "Okta API Scopes" tab. OIDC scopes are always allowed. */
  grantedScopes: Set<string>;
  /** settings.oauthClient.refresh_token: leeway 0–60 s (Okta's default 30). */
  refreshToken: { rotationType: RotationType; leeway: number };
  /** e.g. ["authorization_code", "refresh_token"] */
  grantTypes: string[];
}

/** What the Management API needs to know about a presented access token. */
export interface AccessTokenInfo {
  clientId: string;
  /** The Okta user id (sub) the token acts for. */
  sub: string;
  scopes: string[];
  /** Expiry, epoch seconds. */
  exp: number;
}

/** The sandbox clock: everything time-based (codes, tokens, rate-limit windows) reads it. */
export interface Clock {
  /** Milliseconds since the epoch, including any advance. */
  now(): number;
  advance(ms: number): void;
}

/** A person who can sign in on the sandbox's authorize page. */
export interface DirectoryUser {
  id: string;
  status: string;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
}

/** What the authorization server reads from the org store. Implemented by sandbox/org. */
export interface OrgDirectory {
  getApp(clientId: string): OAuthApp | undefined;
  findUserByLogin(login: string): DirectoryUser | undefined;
  getUser(id: string): DirectoryUser | undefined;
  checkPassword(userId: string, password: string): boolean;
}
