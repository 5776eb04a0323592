import { describe, expect, it } from "vitest";
import { plural } from "./plural";

describe("plural", () => {
  it("one is singular, everything else plural, with thousands separators", () => {
    expect(plural(1, "user")).toBe("1 user");
    expect(plural(0, "user")).toBe("0 users");
    expect(plural(1200, "realm")).toBe("1,200 realms");
    expect(plural(2, "entry", "entries")).toBe("2 entries");
  });
});
