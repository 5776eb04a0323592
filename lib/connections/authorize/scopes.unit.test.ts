import { describe, expect, it } from "vitest";
import { diffScopes, isDefaultScopeSet, missingScopesMessage, operationsNeeding, requestedScopesFor } from "./scopes";
import { describeIssuerMismatch, describeRedirectError, describeTokenError, recordableCode } from "./okta-errors";

const AUTO = ["address", "email", "groups", "offline_access", "okta.realms.read", "openid", "phone", "profile"];

describe("requested scopes", () => {
  it("default: the auto-granted scopes plus every scope the connector's operations need", () => {
    expect(requestedScopesFor("default")).toEqual(
      [...AUTO, "okta.realms.manage", "okta.schemas.read", "okta.users.manage", "okta.users.read"].sort(),
    );
    expect(isDefaultScopeSet(requestedScopesFor("default"))).toBe(true);
  });

  it("custom: always the auto-granted ones; only known API scopes are accepted; extras only on request", () => {
    const custom = requestedScopesFor("custom", ["okta.users.read", "okta.realmAssignments.read", "okta.apps.manage"]);
    expect(custom).toEqual([...AUTO, "okta.realmAssignments.read", "okta.users.read"].sort());
    expect(requestedScopesFor("default")).not.toContain("okta.realmAssignments.read");
    expect(isDefaultScopeSet(custom)).toBe(false);
  });

  it("names the operations that need a scope, from lib/okta's table", () => {
    expect(operationsNeeding("okta.schemas.read")).toEqual(["Get user schema"]);
    expect(operationsNeeding("okta.realms.read")).toEqual(expect.arrayContaining(["List realms", "Get realm"]));
    expect(operationsNeeding("openid")).toEqual([]);
  });
});

describe("scope diff (the token's scope is the truth)", () => {
  it("nothing missing when everything requested was granted", () => {
    const requested = requestedScopesFor("default");
    expect(diffScopes(requested, requested)).toEqual({ granted: requested, missingRequired: [], missingOptional: [] });
  });

  it("an optional scope Okta dropped is reported, and the connection stays usable", () => {
    const requested = requestedScopesFor("default");
    const diff = diffScopes(requested, requested.filter((s) => s !== "okta.users.manage"));
    expect(diff).toMatchObject({ missingRequired: [], missingOptional: ["okta.users.manage"] });
  });

  it("a missing default scope (okta.realms.read, offline_access) fails the authorization", () => {
    const requested = requestedScopesFor("default");
    const diff = diffScopes(requested, requested.filter((s) => s !== "okta.realms.read" && s !== "offline_access"));
    expect(diff.missingRequired).toEqual(["offline_access", "okta.realms.read"]);
    expect(missingScopesMessage(diff.missingRequired, true)).toMatch(/did not grant offline_access and okta\.realms\.read.*not saved.*Okta API Scopes tab.*reauthorize/);
  });

  it("a required scope is required even if an old connection never asked for it", () => {
    expect(diffScopes(["openid"], ["openid"]).missingRequired).toContain("okta.realms.read");
  });

  it("the fix for optional scopes says what to grant and to reauthorize", () => {
    expect(missingScopesMessage(["okta.users.manage"], false)).toBe(
      "Okta did not grant okta.users.manage. Operations that need it will fail: grant it on the OAuth app's Okta API Scopes tab, then reauthorize.",
    );
  });
});

describe("Okta's refusals", () => {
  it("maps known redirect errors and never echoes unknown ones", () => {
    expect(describeRedirectError("consent_required", "R1").message).toMatch(/^You are not allowed any of the requested scopes/);
    expect(describeRedirectError("access_denied", "R1").known).toBe(true);
    const unknown = describeRedirectError("<script>", "OKR-1");
    expect(unknown).toEqual({ known: false, message: "Okta refused the authorization (unexpected error). Try again; if it keeps happening, quote reference OKR-1." });
    expect(describeTokenError("invalid_grant", "R").message).toMatch(/expired .*was already used, or was not issued to this connection's OAuth app/);
  });

  it("records only real OAuth error codes, and names the issuer refusal", () => {
    expect(recordableCode("access_denied")).toBe("access_denied");
    expect(recordableCode("<img src=x>\r\nforged")).toBe("malformed_error_code");
    expect(describeIssuerMismatch(true, "OKR-2")).toMatch(/didn't say which authorization server.*Nothing was saved.*OKR-2/);
    expect(describeIssuerMismatch(false, "OKR-3")).toMatch(/different authorization server \(issuer\).*OKR-3/);
  });
});
