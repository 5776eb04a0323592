// Who signed in, from the ID token and, when it leaves out the email or the display name, from the
// issuer's UserInfo endpoint (OIDC Core 5.4/5.5: an issuer may release profile and email claims
// only there, e.g. whenever an access token is issued with the ID token). Pure: the UserInfo call
// is passed in, so every combination is unit-tested.
//
// Email policy (README "Sign-in"): the email and its `email_verified` are taken together from the
// source that released the email (the ID token first). A sign-in is refused only when
// `email_verified` is explicitly false; absent is accepted, since Okta's ID tokens may carry `email`
// without it.

export type Claims = Record<string, unknown>;

export type SignInClaims = {
  email: string | null;
  /** `email_verified` of the source the email came from; undefined when that source did not say. */
  emailVerified: boolean | undefined;
  name: string | null;
  image: string | null;
  /** Where the email came from (recorded on a refusal). */
  emailSource: "id_token" | "userinfo" | null;
};

/** Why UserInfo could not be used; only matters when the ID token lacked the email. */
export type UserInfoProblem = "USERINFO_FAILED" | "USERINFO_SUBJECT_MISMATCH";

export type ResolvedClaims = { claims: SignInClaims; userInfoProblem?: UserInfoProblem };

/** Calls the issuer's UserInfo endpoint; throws UserInfoSubjectMismatch when its `sub` is not the ID token's. */
export type UserInfoFetcher = (expectedSub: string) => Promise<Claims>;

export class UserInfoSubjectMismatch extends Error {
  constructor() {
    super("the UserInfo response's sub is not the ID token's sub");
    this.name = "UserInfoSubjectMismatch";
  }
}

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);

/** Some issuers send "true"/"false" as strings. */
export function verifiedFlag(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

const displayName = (c: Claims): string | null => text(c.name) ?? text(c.preferred_username);

function fromOne(c: Claims, source: "id_token" | "userinfo"): SignInClaims {
  const email = text(c.email);
  return {
    email,
    emailVerified: email ? verifiedFlag(c.email_verified) : undefined,
    name: displayName(c),
    image: text(c.picture),
    emailSource: email ? source : null,
  };
}

export async function resolveSignInClaims(idToken: Claims, fetchUserInfo: UserInfoFetcher | undefined): Promise<ResolvedClaims> {
  const fromIdToken = fromOne(idToken, "id_token");
  const sub = text(idToken.sub);
  if ((fromIdToken.email && fromIdToken.name) || !fetchUserInfo || !sub) return { claims: fromIdToken };

  let userInfo: Claims;
  try {
    userInfo = await fetchUserInfo(sub);
  } catch (error) {
    // OIDC Core 5.3.2: a response about someone else must not be used at all.
    return { claims: fromIdToken, userInfoProblem: error instanceof UserInfoSubjectMismatch ? "USERINFO_SUBJECT_MISMATCH" : "USERINFO_FAILED" };
  }
  const fromUserInfo = fromOne(userInfo, "userinfo");
  const emailFrom = fromIdToken.email ? fromIdToken : fromUserInfo;
  return {
    claims: {
      email: emailFrom.email,
      emailVerified: emailFrom.emailVerified,
      name: fromIdToken.name ?? fromUserInfo.name,
      image: fromIdToken.image ?? fromUserInfo.image,
      emailSource: emailFrom.emailSource,
    },
  };
}
