import { ClientError, ResponseBodyError } from "openid-client";
import { describe, expect, it } from "vitest";
import { classifyRefreshError, createOrgClientFactory, orgIssuer, parseDevHttpOrigins, tokenSetFromResponse, TokenEndpointError } from "./token-endpoint";
import { summarySelect } from "./types";

function bodyError(status: number, body: { error: string; error_description?: string }): ResponseBodyError {
  return new ResponseBodyError("server responded with an error in the response body", {
    cause: body,
    response: new Response(JSON.stringify(body), { status }),
  });
}

describe("orgIssuer", () => {
  it("uses https://<domain> for Okta orgs", () => {
    expect(orgIssuer("acme.okta.com", []).href).toBe("https://acme.okta.com/");
    expect(orgIssuer("https://acme.okta.com/", []).href).toBe("https://acme.okta.com/");
  });
  it("allows plain http only for DEV_OKTA_HTTP_ORIGINS", () => {
    const dev = parseDevHttpOrigins(" http://127.0.0.1:4010/ ,");
    expect(orgIssuer("127.0.0.1:4010", dev).href).toBe("http://127.0.0.1:4010/");
    expect(orgIssuer("http://127.0.0.1:4010", dev).href).toBe("http://127.0.0.1:4010/");
    expect(() => orgIssuer("http://127.0.0.1:4011", dev)).toThrow(/DEV_OKTA_HTTP_ORIGINS/);
    expect(() => orgIssuer("http://acme.okta.com", [])).toThrow(TokenEndpointError);
  });
});

describe("createOrgClientFactory", () => {
  it("re-checks the stored domain, so a custom domain removed from OKTA_ALLOWED_DOMAINS gets no secret", async () => {
    let fetched = 0;
    const realFetch = globalThis.fetch;
    globalThis.fetch = async () => {
      fetched += 1;
      return new Response("{}", { status: 500 });
    };
    try {
      const orgClient = createOrgClientFactory({ devHttpOrigins: [], allowedDomains: "" });
      await expect(orgClient("login.acme-corp.example", "client", "secret")).rejects.toThrow(/not allowed any more/);
      await expect(orgClient("169.254.169.254", "client", "secret")).rejects.toThrow(TokenEndpointError);
      expect(fetched).toBe(0);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

describe("tokenSetFromResponse", () => {
  const previous = tokenSetFromResponse({ access_token: "at0", refresh_token: "rt0", id_token: "id0", expires_in: 3600, scope: "a b" }, 0, null);
  it("keeps the old refresh token (and id token, scope) when the answer has none", () => {
    const next = tokenSetFromResponse({ access_token: "at1", token_type: "Bearer", expires_in: 3600 }, 1000, previous);
    expect(next).toMatchObject({ accessToken: "at1", refreshToken: "rt0", idToken: "id0", scope: ["a", "b"] });
    expect(next.expiresAt.getTime()).toBe(1000 + 3600_000);
  });
  it("takes a rotated refresh token", () => {
    expect(tokenSetFromResponse({ access_token: "at1", refresh_token: "rt1" }, 0, previous).refreshToken).toBe("rt1");
  });
});

describe("classifyRefreshError", () => {
  it("tells dead grants from rejected clients from passing trouble", () => {
    expect(classifyRefreshError(bodyError(400, { error: "invalid_grant", error_description: "The refresh token is invalid or expired." })).kind).toBe("invalid_grant");
    expect(classifyRefreshError(bodyError(401, { error: "invalid_client" })).message).toMatch(/client ID and secret/);
    expect(classifyRefreshError(bodyError(400, { error: "access_denied" })).kind).toBe("rejected");
    expect(classifyRefreshError(bodyError(503, { error: "temporarily_unavailable" })).kind).toBe("transient");
    expect(classifyRefreshError(bodyError(400, { error: "server_error" })).kind).toBe("transient");
    expect(classifyRefreshError(new TypeError("fetch failed")).kind).toBe("transient");
    expect(classifyRefreshError(new DOMException("The operation timed out.", "TimeoutError")).kind).toBe("transient");
    const notConform = Object.assign(new ClientError("unexpected HTTP response status code", { cause: new Response("", { status: 502 }) }), { code: "OAUTH_RESPONSE_IS_NOT_CONFORM" });
    expect(classifyRefreshError(notConform)).toMatchObject({ kind: "transient", status: 502 });
  });
});

describe("summarySelect", () => {
  it("names no secret column", () => {
    expect(Object.keys(summarySelect).filter((k) => /Enc$|secret|token(?!ExpiresAt)|lease/i.test(k))).toEqual([]);
  });
});
