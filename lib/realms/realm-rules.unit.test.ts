import { describe, expect, it } from "vitest";
import type { OktaRealm, OktaUserSchema } from "@/lib/okta/schemas";
import { availability } from "./catalog";
import { domainProblems, realmDomainRule, splitDomains } from "./domains";
import { createRealmInput, updateRealmInput } from "./inputs";
import { nextRealmProfile } from "./realm-profile";
import { parseProfileValues, userFormFields } from "./user-form";

describe("allowed domains", () => {
  it("splits on commas and lines, lower-cases and de-duplicates", () => {
    expect(splitDomains("Partner.example, partners.example\npartner.example\n\n")).toEqual(["partner.example", "partners.example"]);
    expect(splitDomains(["a.example", "b.example,c.example"])).toEqual(["a.example", "b.example", "c.example"]);
  });

  it.each(["bad!domain.example", "x$.example", "a^b.example", "a&b.example", "a(b).example", "a=b.example", "a*b.example", "a+b.example", "a:b.example", "a;b.example", "a<b>.example", "a'b.example", "a[b].example", "a|b.example", "a/b.example", "a?b.example", "a\\b.example", "a`b.example", "a b.example"])(
    "refuses %j, naming the character",
    (domain) => {
      const [problem] = domainProblems([domain]);
      expect(problem).toMatch(/can't contain/);
    },
  );

  it("accepts ordinary domains", () => {
    expect(domainProblems(["partner.example", "sub.partner-co.example"])).toEqual([]);
  });

  it("the create schema reports the bad domain on the domains field", () => {
    const parsed = createRealmInput.safeParse({ connectionId: "c", name: "X", realmType: "PARTNER", domains: "ok.example, bad%.example" });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues[0]?.path).toEqual(["domains"]);
  });

  it("an update without a domains field keeps them; an empty one clears them", () => {
    expect(updateRealmInput.parse({ connectionId: "c", realmId: "r", name: "N" }).domains).toBeUndefined();
    expect(updateRealmInput.parse({ connectionId: "c", realmId: "r", domains: "" }).domains).toEqual([]);
  });

  it("the user rule names the field outside the realm's domains", () => {
    const realm = { name: "Partners", domains: ["partner.example"] };
    expect(realmDomainRule(realm, { login: "a@partner.example", email: "a@partner.example" })).toEqual({});
    expect(Object.keys(realmDomainRule(realm, { login: "a@partner.example", email: "a@gmail.example" }))).toEqual(["email"]);
    expect(realmDomainRule({ name: "Open" }, { login: "x@y.example" })).toEqual({});
  });
});

describe("nextRealmProfile", () => {
  const current: OktaRealm = {
    id: "guo1",
    created: "2026-01-01T00:00:00.000Z",
    lastUpdated: "2026-01-01T00:00:00.000Z",
    isDefault: false,
    profile: { name: "Partners", realmType: "PARTNER", domains: ["partner.example"], futureField: "kept" },
  };
  it("a rename keeps type, domains and fields Okta adds later", () => {
    expect(nextRealmProfile(current, { name: "Renamed" })).toEqual({ name: "Renamed", realmType: "PARTNER", domains: ["partner.example"], futureField: "kept" });
  });
  it("changes only what is given", () => {
    expect(nextRealmProfile(current, { domains: [] })).toMatchObject({ name: "Partners", realmType: "PARTNER", domains: [] });
  });
});

describe("availability", () => {
  const all = ["okta.realms.read", "okta.realms.manage", "okta.users.read", "okta.users.manage", "okta.schemas.read"];
  it("a viewer may read but not write, with the reason", () => {
    expect(availability("realm.search", "VIEWER", all)).toEqual({ allowed: true });
    expect(availability("realm.create", "VIEWER", all)).toMatchObject({ allowed: false, reason: expect.stringMatching(/read-only/) });
  });
  it("a missing scope disables the operation and names the scope", () => {
    expect(availability("realm.user.move", "OPERATOR", all.filter((s) => s !== "okta.users.manage"))).toMatchObject({ allowed: false, missingScopes: ["okta.users.manage"] });
    expect(availability("realm.assignment.list", "OWNER", all)).toMatchObject({ allowed: false, missingScopes: ["okta.realmAssignments.read"] });
  });
});

describe("the Create Realm User form from the schema", () => {
  const schema: OktaUserSchema = {
    id: "s",
    definitions: {
      base: {
        required: ["login", "firstName", "lastName", "email"],
        properties: {
          login: { title: "Username", type: "string", minLength: 5, maxLength: 100 },
          firstName: { title: "First name", type: "string", maxLength: 50 },
          lastName: { title: "Last name", type: "string", maxLength: 50 },
          email: { title: "Primary email", type: "string", format: "email" },
          city: { title: "City", type: "string" },
        },
      },
      custom: {
        required: [],
        properties: {
          tier: { title: "Tier", type: "string", enum: ["gold", "silver"], required: true },
          badge: { title: "Badge", type: "string", pattern: "[A-Z]{2}-\\d{3}" },
          seats: { title: "Seats", type: "integer" },
          managerOnly: { title: "Computed", type: "string", mutability: "READ_ONLY" },
        },
      },
    },
  };
  const fields = userFormFields(schema);

  it("asks for the required base attributes and the writable custom ones, with their rules", () => {
    expect(fields.map((f) => [f.name, f.required])).toEqual([
      ["login", true],
      ["firstName", true],
      ["lastName", true],
      ["email", true],
      ["tier", true],
      ["badge", false],
      ["seats", false],
    ]);
    expect(fields.find((f) => f.name === "tier")?.options?.map((o) => o.value)).toEqual(["gold", "silver"]);
  });

  it("checks types, enums, patterns and lengths, per form field", () => {
    const result = parseProfileValues(fields, {
      "profile.login": "abc",
      "profile.firstName": "A",
      "profile.lastName": "B",
      "profile.email": "not-an-email",
      "profile.tier": "bronze",
      "profile.badge": "ab-1",
      "profile.seats": "2.5",
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.fieldErrors).sort()).toEqual(["profile.badge", "profile.email", "profile.login", "profile.seats", "profile.tier"]);
  });

  it("converts valid values and leaves empty optional ones out", () => {
    const result = parseProfileValues(fields, {
      "profile.login": "ada@x.example",
      "profile.firstName": "Ada",
      "profile.lastName": "L",
      "profile.email": "ada@x.example",
      "profile.tier": "gold",
      "profile.badge": "",
      "profile.seats": "3",
    });
    expect(result).toEqual({ ok: true, profile: { login: "ada@x.example", firstName: "Ada", lastName: "L", email: "ada@x.example", tier: "gold", seats: 3 } });
  });
});
