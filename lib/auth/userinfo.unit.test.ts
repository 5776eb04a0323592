// The UserInfo call against a small local issuer: the answer is used only when its `sub` is the ID
// token's (OIDC Core 5.3.2), and a failing endpoint is reported, not thrown past sign-in.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { userInfoFetcher } = await import("./userinfo");
const { resolveSignInClaims, UserInfoSubjectMismatch } = await import("./sign-in-claims");

let server: Server;
let issuer = "";
const seen: { authorization?: string }[] = [];
let userinfoBody: Record<string, unknown> = {};
let userinfoStatus = 200;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/.well-known/openid-configuration") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, userinfo_endpoint: `${issuer}/userinfo`, jwks_uri: `${issuer}/keys` }));
      return;
    }
    if (req.url === "/userinfo") {
      seen.push({ authorization: req.headers.authorization });
      res.statusCode = userinfoStatus;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(userinfoBody));
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const spec = () => ({ id: "oidc" as const, name: "SSO", issuer, clientId: "app", clientSecret: "s", insecure: true });

describe("UserInfo through oauth4webapi", () => {
  it("sends the access token and returns the claims when sub matches", async () => {
    userinfoStatus = 200;
    userinfoBody = { sub: "00u1", email: "ada@example.com", name: "Ada" };
    const claims = await userInfoFetcher(spec(), issuer, "at-123")("00u1");
    expect(claims).toMatchObject({ email: "ada@example.com", name: "Ada" });
    expect(seen.at(-1)?.authorization).toBe("Bearer at-123");
  });

  it("refuses an answer about another subject", async () => {
    userinfoBody = { sub: "00u-someone-else", email: "eve@example.com" };
    await expect(userInfoFetcher(spec(), issuer, "at-123")("00u1")).rejects.toBeInstanceOf(UserInfoSubjectMismatch);
    const { claims, userInfoProblem } = await resolveSignInClaims({ sub: "00u1" }, userInfoFetcher(spec(), issuer, "at-123"));
    expect(claims.email).toBeNull();
    expect(userInfoProblem).toBe("USERINFO_SUBJECT_MISMATCH");
  });

  it("reports a failing endpoint as USERINFO_FAILED", async () => {
    userinfoStatus = 500;
    userinfoBody = {};
    const { userInfoProblem } = await resolveSignInClaims({ sub: "00u1" }, userInfoFetcher(spec(), issuer, "at-123"));
    expect(userInfoProblem).toBe("USERINFO_FAILED");
  });
});
