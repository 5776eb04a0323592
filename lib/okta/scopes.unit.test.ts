import { describe, expect, it } from "vitest";
import { requiredScopes } from "../../sandbox/conformance/openapi";
import { OktaInsufficientScopeError } from "./errors";
import { OKTA_OPERATION_NAMES, OKTA_OPERATIONS } from "./operations";
import { assertScopes, missingScopes, OPERATION_SCOPES } from "./scopes";

const concrete = (template: string): string => template.replace(/\{(\w+)\}/g, (_, name: string) => (name === "schemaId" ? "default" : "x123"));

describe("scope table", () => {
  it.each(OKTA_OPERATION_NAMES)("%s matches the official spec's security block", (operation) => {
    const { method, path } = OKTA_OPERATIONS[operation];
    // requiredScopes routes a concrete request through the spec (it throws for an unknown method+path).
    expect(OPERATION_SCOPES[operation]).toEqual(requiredScopes(method, concrete(path)));
    expect(OPERATION_SCOPES[operation].length).toBeGreaterThan(0);
  });

  it("names what the Create Realm User card needs beyond what was granted", () => {
    expect(missingScopes(["getUserSchema", "createUser"], "openid okta.users.read okta.realms.read")).toEqual([
      "okta.schemas.read",
      "okta.users.manage",
    ]);
    expect(missingScopes("listRealms", ["okta.realms.read"])).toEqual([]);
    // No implied scopes: the spec asks for okta.users.read to list users.
    expect(missingScopes("listUsers", ["okta.users.manage"])).toEqual(["okta.users.read"]);
  });

  it("refuses before calling with the same error a 403 would give", () => {
    try {
      assertScopes("updateUser", "okta.users.read");
      throw new Error("expected a refusal");
    } catch (e) {
      expect(e).toBeInstanceOf(OktaInsufficientScopeError);
      expect((e as Error).message).toBe(
        "This connection lacks okta.users.manage. Grant it on the OAuth app's Okta API Scopes tab, then reauthorize the connection.",
      );
    }
  });
});
