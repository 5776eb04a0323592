// Okta's refusals during the authorization-code flow (on the redirect, or at the token endpoint),
// as messages an admin can act on. Okta's own error_description is never shown: unknown errors get
// a generic message with a reference id, and the code is kept for the audit log.

export type AuthorizationRefusal = { message: string; known: boolean };

const REDIRECT_ERRORS: Record<string, string> = {
  access_denied:
    "Okta denied the authorization. The account you signed in with may not be assigned to the OAuth app, or a sign-on policy refused it. Assign the account to the app (or sign in as a super admin), then try again.",
  consent_required:
    "You are not allowed any of the requested scopes: none of the Okta API scopes this connection asks for is granted to the OAuth app. Grant at least okta.realms.read (and the scopes on the Permissions tab) on the app's Okta API Scopes tab, then authorize again.",
  invalid_scope:
    "Okta refused the requested scopes: one is unknown to this org's authorization server, or none was requested. Check the Permissions tab, then authorize again.",
  unauthorized_client:
    "The OAuth app isn't allowed to use the Authorization Code grant. Enable Authorization Code and Refresh Token on the app's General tab, then authorize again.",
  invalid_client: "Okta doesn't recognise the client ID. Check the Client ID on the OAuth app's General tab, then create the connection again.",
  invalid_request: "Okta rejected the authorization request as malformed. Try again; if it keeps happening, check the OAuth app's settings.",
  login_required: "Okta needs you to sign in. Authorize again and sign in when Okta asks.",
  interaction_required: "Okta needs you to sign in. Authorize again and sign in when Okta asks.",
  server_error: "Okta had a problem handling the authorization. Try again in a moment.",
  temporarily_unavailable: "Okta is temporarily unavailable. Try again in a moment.",
};

export function describeRedirectError(error: string, referenceId: string): AuthorizationRefusal {
  const known = REDIRECT_ERRORS[error];
  if (known) return { message: known, known: true };
  return { message: `Okta refused the authorization (${safeCode(error)}). Try again; if it keeps happening, quote reference ${referenceId}.`, known: false };
}

const TOKEN_ERRORS: Record<string, string> = {
  // Okta says invalid_grant for all of these (and for a PKCE verifier that doesn't match); which one is in its description, never shown.
  invalid_grant:
    "Okta refused the authorization code: it expired (codes last 5 minutes), was already used, or was not issued to this connection's OAuth app for this authorization. Start the authorization again.",
  invalid_client:
    "Okta refused the client credentials. Check the client secret on the OAuth app's General tab; reauthorize with the new secret if it was rotated.",
  unauthorized_client: REDIRECT_ERRORS.unauthorized_client ?? "",
  invalid_scope: REDIRECT_ERRORS.invalid_scope ?? "",
};

export function describeTokenError(error: string, referenceId: string): AuthorizationRefusal {
  const known = TOKEN_ERRORS[error];
  if (known) return { message: known, known: true };
  return { message: `Okta refused to issue tokens (${safeCode(error)}). Try again; if it keeps happening, quote reference ${referenceId}.`, known: false };
}

/**
 * An OAuth error code may be any of [\x20-\x7E] per RFC 6749, but real ones are short snake_case
 * words: only those are shown or recorded, so one rule decides both.
 */
const PLAIN_ERROR_CODE = /^[a-z_]{1,40}$/;

/** Okta's error code for the message, or a phrase when it is not a plain code. */
function safeCode(error: string): string {
  return PLAIN_ERROR_CODE.test(error) ? error : "unexpected error";
}

/** Okta's error code as kept in the outcome, the audit log and the server log: a real code, or a fixed marker for anything else. */
export function recordableCode(error: string): string {
  return PLAIN_ERROR_CODE.test(error) ? error : "malformed_error_code";
}

/** The redirect's `iss` is not this org's issuer, or is missing although the org always sends it (RFC 9207). */
export function describeIssuerMismatch(issMissing: boolean, referenceId: string): string {
  const what = issMissing
    ? "Okta's answer didn't say which authorization server sent it, although this org always does"
    : "Okta's answer came from a different authorization server (issuer) than this connection's org";
  return `${what}, so it was not used: it may have been tampered with or mixed up with another sign-in. Nothing was saved. Start the authorization again; if it keeps happening, quote reference ${referenceId}.`;
}

/** Discovery (`/.well-known/openid-configuration`) failed: the Domain is wrong or unreachable. */
export function describeDiscoveryError(host: string): string {
  return `Couldn't reach an Okta org at ${host}. Check the Domain (your org's own domain, for example acme.okta.com, not a custom sign-in page) and try again.`;
}
