// The scope policy on its own, and a guard that the hard-coded okta.* list still covers every
// scope the project's trimmed Management API spec requires.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OKTA_API_SCOPES, decideAuthorizeScopes } from "./scopes";
import { makeApp } from "./test-support/fixture";

describe("decideAuthorizeScopes", () => {
  const app = makeApp({ grantedScopes: ["okta.realms.read"], grantTypes: ["authorization_code"] });

  it("keeps requested OIDC scopes and only granted okta.* scopes", () => {
    expect(decideAuthorizeScopes(["openid", "email", "okta.realms.read", "okta.realms.manage"], app)).toEqual({
      ok: true,
      scopes: ["openid", "email", "okta.realms.read"],
    });
  });

  it("drops offline_access for an app without the refresh_token grant", () => {
    expect(decideAuthorizeScopes(["openid", "offline_access"], app)).toEqual({ ok: true, scopes: ["openid"] });
  });

  it("rejects unknown scopes before looking at grants", () => {
    expect(decideAuthorizeScopes(["okta.realms.read", "okta.bogus.read"], app)).toMatchObject({ ok: false, error: "invalid_scope" });
    expect(decideAuthorizeScopes(["custom"], app)).toMatchObject({ ok: false, error: "invalid_scope" });
  });
});

describe("OKTA_API_SCOPES", () => {
  it("covers every scope in spec/okta-scopes.json", () => {
    const bySpec = JSON.parse(readFileSync(new URL("../../spec/okta-scopes.json", import.meta.url), "utf8")) as Record<string, unknown>;
    const required = new Set(Object.values(bySpec).filter(Array.isArray).flat().map(String));
    expect(required.size).toBeGreaterThan(0);
    const missing = [...required].filter((s) => !(OKTA_API_SCOPES as readonly string[]).includes(s));
    expect(missing).toEqual([]);
  });
});
