import { describe, expect, it } from "vitest";
import { emailDomain, isAllowedDomain, normalizeEmail, parseAllowedDomains } from "./email";
import { inviteMemberSchema } from "./schemas";

describe("email rules", () => {
  it("normalises case and whitespace", () => {
    expect(normalizeEmail("  Ada@Example.COM ")).toBe("ada@example.com");
    expect(emailDomain("a@b@Example.com")).toBe("example.com");
    expect(emailDomain("nodomain@")).toBeUndefined();
  });

  it("parses ALLOWED_EMAIL_DOMAINS", () => {
    expect(parseAllowedDomains(" Example.com, @corp.example ,,")).toEqual(["example.com", "corp.example"]);
    expect(parseAllowedDomains(undefined)).toEqual([]);
  });

  it("matches whole domains only", () => {
    const allowed = ["example.com"];
    expect(isAllowedDomain("Ada@EXAMPLE.com", allowed)).toBe(true);
    expect(isAllowedDomain("eve@evil.example.com", allowed)).toBe(false);
    expect(isAllowedDomain("eve@example.com.evil", allowed)).toBe(false);
    expect(isAllowedDomain("eve@notexample.com", allowed)).toBe(false);
    expect(isAllowedDomain("example.com", allowed)).toBe(false);
  });

  it("validates and normalises invitations", () => {
    expect(inviteMemberSchema.parse({ email: " Bob@Example.com ", role: "ADMIN" })).toEqual({ email: "bob@example.com", role: "ADMIN" });
    expect(inviteMemberSchema.safeParse({ email: "nope", role: "ADMIN" }).success).toBe(false);
    expect(inviteMemberSchema.safeParse({ email: "a@b.example", role: "ROOT" }).success).toBe(false);
  });
});
