import { describe, expect, it } from "vitest";
import { insufficientScopeFrom, parseWwwAuthenticate } from "./www-authenticate";

describe("WWW-Authenticate parsing", () => {
  it("reads Okta's insufficient_scope challenge", () => {
    const header =
      'Bearer authorization_uri="https://acme.okta.com/oauth2/v1/authorize", realm="https://acme.okta.com", scope="okta.users.manage", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/users"';
    expect(insufficientScopeFrom(header)).toEqual({ scopes: ["okta.users.manage"] });
  });

  it.each([
    ['bearer error="insufficient_scope",scope="okta.realms.manage"', ["okta.realms.manage"]],
    ['Bearer   scope = "okta.users.read okta.realms.read" ,  error = insufficient_scope', ["okta.users.read", "okta.realms.read"]],
    ['Bearer error_description="a, \\"quoted\\" text, with commas", error="insufficient_scope", scope="okta.schemas.read"', ["okta.schemas.read"]],
    ['Basic realm="x", Bearer realm="y", error="insufficient_scope", scope="okta.users.manage"', ["okta.users.manage"]],
  ])("%s", (header, scopes) => {
    expect(insufficientScopeFrom(header)).toEqual({ scopes });
  });

  it("ignores other errors and other schemes", () => {
    expect(insufficientScopeFrom('Bearer error="invalid_token", error_description="The token is not valid."')).toBeUndefined();
    expect(insufficientScopeFrom('Basic realm="x", error="insufficient_scope"')).toBeUndefined();
    expect(insufficientScopeFrom(undefined)).toBeUndefined();
  });

  it("keeps escaped quotes inside values", () => {
    const [challenge] = parseWwwAuthenticate('Bearer error_description="say \\"hi\\", then go"');
    expect(challenge?.params.error_description).toBe('say "hi", then go');
  });
});
