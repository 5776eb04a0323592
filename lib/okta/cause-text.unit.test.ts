import { describe, expect, it } from "vitest";
import { cleanCauses, cleanCauseText, MAX_CAUSE_CHARS, MAX_CAUSES, splitCause, validationMessage } from "./cause-text";

describe("Okta's cause text as it may be shown", () => {
  it("keeps ordinary causes verbatim", () => {
    expect(cleanCauseText("login: An object with this field already exists in the current organization")).toBe(
      "login: An object with this field already exists in the current organization",
    );
  });

  it("removes control and bidi-override characters and folds whitespace", () => {
    expect(cleanCauseText("a\u0000b\u0007c\r\n d\u202Ee\u2066f\u0085g")).toBe("abc defg");
  });

  it("caps a long cause by code points, never splitting a surrogate pair", () => {
    const long = `${"😀".repeat(MAX_CAUSE_CHARS)}tail`;
    const cut = cleanCauseText(long);
    expect(Array.from(cut)).toHaveLength(MAX_CAUSE_CHARS);
    expect(cut.endsWith("…")).toBe(true);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("drops empty and repeated causes and says how many more there were", () => {
    const causes = cleanCauses(["", " x ", "x", undefined, ...Array.from({ length: 7 }, (_, i) => `c${i}`)]);
    expect(causes).toHaveLength(MAX_CAUSES + 1);
    expect(causes[0]).toBe("x");
    expect(causes.at(-1)).toBe("(and 3 more causes)");
  });

  it("splits a field path off a cause", () => {
    expect(splitCause("profile.domains: 'a..b' is not a valid domain")).toEqual({ path: "profile.domains", message: "'a..b' is not a valid domain" });
    expect(splitCause("domains[0]: bad")).toEqual({ path: "domains[0]", message: "bad" });
    expect(splitCause("The realm still has 1 user(s).")).toBeUndefined();
  });

  it("quotes every cause in the message, never just a field name", () => {
    expect(validationMessage(["realm: Cannot delete a realm that still has users"])).toBe("Okta rejected the request: realm: Cannot delete a realm that still has users");
    expect(validationMessage([], true)).toBe("Okta rejected the request. Check the highlighted fields.");
    expect(validationMessage([])).toBe("Okta rejected the request. Check the values and try again.");
  });
});
