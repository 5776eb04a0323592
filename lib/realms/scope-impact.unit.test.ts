import { describe, expect, it } from "vitest";
import { missingScopeImpact, missingScopeNote } from "./scope-impact";

const requested = ["openid", "okta.realms.read", "okta.realms.manage", "okta.users.read", "okta.users.manage"];

describe("what a connection's missing scopes break", () => {
  it("names the missing scope and the operations that will fail", () => {
    const granted = requested.filter((s) => s !== "okta.users.manage");
    expect(missingScopeNote(requested, granted)).toBe("Missing: okta.users.manage — Create realm user, Update realm for user will fail");
  });

  it("lists every missing scope, sorted, with its own operations", () => {
    const impact = missingScopeImpact(requested, ["openid", "okta.realms.read", "okta.users.read"]);
    expect(impact.map((i) => i.scope)).toEqual(["okta.realms.manage", "okta.users.manage"]);
    expect(impact[0]?.operations).toEqual(["Create realm", "Update realm", "Delete realm"]);
  });

  it("says nothing when every requested scope was granted", () => {
    expect(missingScopeNote(requested, [...requested, "profile"])).toBeNull();
  });
});
