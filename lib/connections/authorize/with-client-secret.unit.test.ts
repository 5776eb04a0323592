import * as oidc from "openid-client";
import { describe, expect, it } from "vitest";
import { withClientSecret } from "./with-client-secret";

const metadata: oidc.ServerMetadata = {
  issuer: "https://acme.okta.com",
  token_endpoint: "https://acme.okta.com/oauth2/v1/token",
  revocation_endpoint: "https://acme.okta.com/oauth2/v1/revoke",
};

describe("reauthorizing with a new client secret", () => {
  it("sends the token request through the discovered (guarded) fetch, with the new secret", async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    const guarded: oidc.CustomFetch = async (url, options) => {
      seen.push({ url, authorization: new Headers(options.headers).get("authorization") });
      return Response.json({ access_token: "at", token_type: "Bearer", expires_in: 3600 });
    };
    const discovered = new oidc.Configuration(metadata, "client-1", undefined, oidc.ClientSecretBasic("old-secret"));
    discovered[oidc.customFetch] = guarded;

    const config = withClientSecret(discovered, "new-secret");
    await oidc.refreshTokenGrant(config, "refresh-1");

    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe(metadata.token_endpoint);
    const basic = Buffer.from((seen[0]?.authorization ?? "").replace(/^Basic /, ""), "base64").toString();
    // RFC 6749 §2.3.1: both halves are form-urlencoded before base64.
    expect(basic.split(":").map(decodeURIComponent)).toEqual(["client-1", "new-secret"]);
  });
});
