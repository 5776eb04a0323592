import { describe, expect, it, vi } from "vitest";
import { resolveSignInClaims, UserInfoSubjectMismatch, verifiedFlag, type UserInfoFetcher } from "./sign-in-claims";

const full = { sub: "00u1", email: "Ada@Example.com", email_verified: true, name: "Ada Lovelace" };
const userInfo = (claims: Record<string, unknown>): UserInfoFetcher & { calls: string[] } => {
  const calls: string[] = [];
  const fetcher = async (sub: string) => {
    calls.push(sub);
    return claims;
  };
  return Object.assign(fetcher, { calls });
};

describe("sign-in claims: ID token first, UserInfo when it leaves the email or the name out", () => {
  it("uses the ID token alone when it has the email and a name (no UserInfo request)", async () => {
    const fetcher = userInfo({ sub: "00u1", email: "other@example.com" });
    const { claims, userInfoProblem } = await resolveSignInClaims(full, fetcher);
    expect(claims).toMatchObject({ email: "Ada@Example.com", emailVerified: true, name: "Ada Lovelace", emailSource: "id_token" });
    expect(userInfoProblem).toBeUndefined();
    expect(fetcher.calls).toEqual([]);
  });

  it("reads email and name from UserInfo, asking for the ID token's subject, when the ID token carries only sub", async () => {
    const fetcher = userInfo({ sub: "00u1", email: "ada@example.com", email_verified: true, name: "Ada" });
    const { claims } = await resolveSignInClaims({ sub: "00u1" }, fetcher);
    expect(fetcher.calls).toEqual(["00u1"]);
    expect(claims).toMatchObject({ email: "ada@example.com", emailVerified: true, name: "Ada", emailSource: "userinfo" });
  });

  it("keeps the ID token's email and its verification, filling only the missing name from UserInfo", async () => {
    const fetcher = userInfo({ sub: "00u1", email: "else@example.com", email_verified: false, preferred_username: "ada" });
    const { claims } = await resolveSignInClaims({ sub: "00u1", email: "ada@example.com" }, fetcher);
    expect(claims).toMatchObject({ email: "ada@example.com", emailVerified: undefined, name: "ada", emailSource: "id_token" });
  });

  it("takes email_verified from the same source as the email: absent stays undefined, false stays false", async () => {
    const absent = await resolveSignInClaims({ sub: "00u1" }, userInfo({ sub: "00u1", email: "a@example.com", name: "A" }));
    expect(absent.claims.emailVerified).toBeUndefined();
    const no = await resolveSignInClaims({ sub: "00u1" }, userInfo({ sub: "00u1", email: "a@example.com", email_verified: "false", name: "A" }));
    expect(no.claims.emailVerified).toBe(false);
  });

  it("does not use a UserInfo answer about someone else, and says so", async () => {
    const fetcher: UserInfoFetcher = vi.fn(async () => {
      throw new UserInfoSubjectMismatch();
    });
    const { claims, userInfoProblem } = await resolveSignInClaims({ sub: "00u1", name: "Ada" }, fetcher);
    expect(claims.email).toBeNull();
    expect(userInfoProblem).toBe("USERINFO_SUBJECT_MISMATCH");
  });

  it("reports a UserInfo endpoint that fails, keeping what the ID token had", async () => {
    const { claims, userInfoProblem } = await resolveSignInClaims({ sub: "00u1", email: "a@example.com" }, async () => {
      throw new Error("503");
    });
    expect(claims.email).toBe("a@example.com");
    expect(userInfoProblem).toBe("USERINFO_FAILED");
  });

  it("reads string booleans the way some issuers send them", () => {
    expect([verifiedFlag(true), verifiedFlag("true"), verifiedFlag(false), verifiedFlag("false"), verifiedFlag("yes"), verifiedFlag(undefined)]).toEqual([true, true, false, false, undefined, undefined]);
  });
});
