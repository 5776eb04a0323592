// How the org releases the signed-in person's claims, so the app's sign-in can be tried against
// the shapes real OIDC issuers use (OIDC Core 5.4/5.5):
//  - "id-token": profile and email claims in the ID token and in userinfo (Okta's org AS).
//  - "userinfo-only": the ID token carries only `sub`; everything else comes from userinfo (what
//    several issuers do whenever an access token is issued with the ID token).
//  - "no-email-verified": `email` without `email_verified` (Okta may omit it).
//  - "email-not-verified": `email_verified: false`.
export const CLAIM_STYLES = ["id-token", "userinfo-only", "no-email-verified", "email-not-verified"] as const;
export type ClaimStyle = (typeof CLAIM_STYLES)[number];

type Claims = Record<string, unknown> & { sub: string };

/** The claims released for `use` ("id_token" or "userinfo") under `style`. */
export function releasedClaims(style: ClaimStyle, use: string, claims: Claims): Claims {
  if (style === "userinfo-only" && use === "id_token") return { sub: claims.sub };
  if (style === "no-email-verified") {
    const { email_verified: _omitted, ...rest } = claims;
    void _omitted;
    return rest as Claims;
  }
  if (style === "email-not-verified") return { ...claims, email_verified: false };
  return claims;
}
