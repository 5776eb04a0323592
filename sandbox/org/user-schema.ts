import type { Profile, ProfileValue } from "./types";

// The default user schema (okta-facts §2.5 and the spec's UserProfile constraints).

export type AttributeType = "string" | "boolean" | "integer" | "number" | "array";

export interface SchemaAttribute {
  title: string;
  type: AttributeType;
  description?: string;
  format?: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  enum?: (string | number)[];
  pattern?: string;
  unique?: boolean;
  items?: { type: AttributeType };
  mutability?: "IMMUTABLE" | "READ_ONLY" | "READ_WRITE" | "WRITE_ONLY";
  scope?: "NONE" | "SELF";
  permissions?: { principal: string; action: string }[];
  master?: { type: string };
}

const str = (title: string, extra: Partial<SchemaAttribute> = {}): SchemaAttribute => ({
  title,
  type: "string",
  mutability: "READ_WRITE",
  scope: "NONE",
  permissions: [{ principal: "SELF", action: "READ_WRITE" }],
  master: { type: "PROFILE_MASTER" },
  ...extra,
});

/** The 31 Okta-defined base properties, in Okta's order. */
export const BASE_PROPERTIES: Record<string, SchemaAttribute> = {
  login: str("Username", { required: true, minLength: 5, maxLength: 100, unique: true }),
  firstName: str("First name", { required: true, minLength: 1, maxLength: 50 }),
  lastName: str("Last name", { required: true, minLength: 1, maxLength: 50 }),
  middleName: str("Middle name"),
  honorificPrefix: str("Honorific prefix"),
  honorificSuffix: str("Honorific suffix"),
  email: str("Primary email", { required: true, format: "email", minLength: 5, maxLength: 100 }),
  title: str("Title"),
  displayName: str("Display name"),
  nickName: str("Nickname"),
  profileUrl: str("Profile Url", { format: "uri" }),
  secondEmail: str("Secondary email", { format: "email", maxLength: 100 }),
  mobilePhone: str("Mobile phone", { maxLength: 100 }),
  primaryPhone: str("Primary phone", { maxLength: 100 }),
  streetAddress: str("Street address", { maxLength: 1024 }),
  city: str("City", { maxLength: 128 }),
  state: str("State", { maxLength: 128 }),
  zipCode: str("Zip code", { maxLength: 50 }),
  countryCode: str("Country code", { format: "country-code", maxLength: 2 }),
  postalAddress: str("Postal Address", { maxLength: 4096 }),
  preferredLanguage: str("Preferred language", { format: "language-code" }),
  locale: str("Locale", { format: "locale" }),
  timezone: str("Time zone", { format: "timezone" }),
  userType: str("User type"),
  employeeNumber: str("Employee number"),
  costCenter: str("Cost center"),
  organization: str("Organization"),
  division: str("Division"),
  department: str("Department"),
  managerId: str("ManagerId"),
  manager: str("Manager"),
};

export const BASE_REQUIRED = ["login", "firstName", "lastName", "email"];

/** Base properties the spec's UserProfile does not mark nullable: a null there removes the value. */
const NOT_NULLABLE = new Set(["login", "email", "department", "employeeNumber", "locale"]);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function typeMatches(type: AttributeType, value: ProfileValue, itemType?: AttributeType): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "array":
      return Array.isArray(value) && (!itemType || value.every((v) => v === null || typeMatches(itemType, v)));
  }
}

/**
 * Validates a complete profile (after merging a partial update) against the schema.
 * Returns Okta-style error causes (`"<attr>: <problem>"`), empty when valid.
 */
export function validateProfile(profile: Profile, custom: Record<string, SchemaAttribute>): string[] {
  const causes: string[] = [];
  for (const [name, value] of Object.entries(profile)) {
    const attr = BASE_PROPERTIES[name] ?? custom[name];
    if (!attr) {
      causes.push(`Property name '${name}' is not defined in profile`);
      continue;
    }
    if (value === null) continue;
    if (!typeMatches(attr.type, value, attr.items?.type)) {
      causes.push(`${name}: Property value must be of type ${attr.type}`);
      continue;
    }
    if (typeof value === "string") {
      if (attr.minLength !== undefined && value.length < attr.minLength)
        causes.push(`${name}: The field is too short. Minimum length is ${attr.minLength}.`);
      if (attr.maxLength !== undefined && value.length > attr.maxLength)
        causes.push(`${name}: The field cannot exceed ${attr.maxLength} characters.`);
      if (attr.format === "email" && !EMAIL.test(value)) causes.push(`${name}: Does not match required pattern`);
      if (attr.pattern && !new RegExp(`^(?:${attr.pattern})$`).test(value))
        causes.push(`${name}: Does not match required pattern`);
    }
    if (attr.enum && (typeof value === "string" || typeof value === "number") && !attr.enum.includes(value))
      causes.push(`${name}: Does not match one of the enumerated values`);
  }
  // With the default (null) login pattern Okta requires the username to be an email address.
  const login = profile.login;
  if (typeof login === "string" && !BASE_PROPERTIES.login?.pattern && !EMAIL.test(login) && login.length >= 5)
    causes.push("login: Username must be in the form of an email address");
  const required = [...BASE_REQUIRED, ...Object.entries(custom).filter(([, a]) => a.required).map(([n]) => n)];
  for (const name of required) {
    const v = profile[name];
    if (v === undefined || v === null || v === "") causes.push(`${name}: The field cannot be left blank`);
  }
  return causes;
}

/** Drops nulls on properties whose spec type is not nullable, so responses stay well-typed. */
export function normalizeProfile(profile: Profile): Profile {
  const out: Profile = {};
  for (const [k, v] of Object.entries(profile)) {
    if (v === null && NOT_NULLABLE.has(k)) continue;
    out[k] = v;
  }
  return out;
}

export const ATTRIBUTE_TYPES: AttributeType[] = ["string", "boolean", "integer", "number", "array"];
