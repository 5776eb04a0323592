// The Create Realm User form, built from the org's user schema: the required base attributes plus
// every writable custom attribute, each with its type, enum, pattern and length rules; and the
// check of submitted values against those rules (the server runs it again before calling Okta). Pure.
import type { OktaUserSchema, OktaUserSchemaAttribute } from "@/lib/okta/schemas";

export type UserFormFieldType = "string" | "integer" | "number" | "boolean" | "array";

export type UserFormField = {
  /** The profile attribute; the form control is named `profile.<name>`. */
  name: string;
  label: string;
  description?: string;
  type: UserFormFieldType;
  format?: string;
  required: boolean;
  custom: boolean;
  options?: { value: string; label: string }[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
};

export const PROFILE_PREFIX = "profile.";
export const profileFieldName = (attribute: string) => `${PROFILE_PREFIX}${attribute}`;

const TYPES: readonly string[] = ["string", "integer", "number", "boolean", "array"];
const WRITABLE = (a: OktaUserSchemaAttribute) => a.mutability !== "READ_ONLY" && a.mutability !== "IMMUTABLE";

function optionsOf(a: OktaUserSchemaAttribute): UserFormField["options"] {
  if (a.oneOf && a.oneOf.length > 0) return a.oneOf.map((o) => ({ value: String(o.const), label: o.title ?? String(o.const) }));
  if (a.enum && a.enum.length > 0) return a.enum.filter((v) => v !== null).map((v) => ({ value: String(v), label: String(v) }));
  return undefined;
}

function toField(name: string, a: OktaUserSchemaAttribute, required: boolean, custom: boolean): UserFormField {
  const options = optionsOf(a);
  return {
    name,
    label: a.title ?? name,
    ...(a.description ? { description: a.description } : {}),
    type: a.type !== undefined && TYPES.includes(a.type) ? (a.type as UserFormFieldType) : "string",
    ...(a.format ? { format: a.format } : {}),
    required,
    custom,
    ...(options ? { options } : {}),
    ...(a.pattern ? { pattern: a.pattern } : {}),
    ...(typeof a.minLength === "number" ? { minLength: a.minLength } : {}),
    ...(typeof a.maxLength === "number" ? { maxLength: a.maxLength } : {}),
  };
}

/** Required base attributes (login, firstName, lastName, email, in the schema's order), then custom ones. */
export function userFormFields(schema: OktaUserSchema): UserFormField[] {
  const { base, custom } = schema.definitions;
  const fields: UserFormField[] = [];
  for (const name of base.required) {
    const attribute = base.properties[name];
    if (attribute) fields.push(toField(name, attribute, true, false));
  }
  if (custom) {
    for (const [name, attribute] of Object.entries(custom.properties)) {
      if (!WRITABLE(attribute)) continue;
      fields.push(toField(name, attribute, attribute.required === true || custom.required.includes(name), true));
    }
  }
  return fields;
}

export type ProfileValue = string | number | boolean | string[];

/** A pattern from Okta's schema as a whole-value JS regex; undefined when JS can't compile it (Okta's are Java regexes). */
export function patternRegex(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`, "u");
  } catch {
    return undefined;
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkString(field: UserFormField, value: string): string | undefined {
  if (field.minLength !== undefined && value.length < field.minLength) return `Use at least ${field.minLength} characters.`;
  if (field.maxLength !== undefined && value.length > field.maxLength) return `Use at most ${field.maxLength} characters.`;
  if (field.format === "email" && !EMAIL.test(value)) return "Enter an email address, like name@example.com.";
  if (field.options && !field.options.some((o) => o.value === value)) return `Choose one of: ${field.options.map((o) => o.label).join(", ")}.`;
  const regex = field.pattern ? patternRegex(field.pattern) : undefined;
  if (regex && !regex.test(value)) return `Doesn't match the required format (${field.pattern}).`;
  return undefined;
}

/**
 * Form values (`profile.<name>` → text) → an Okta profile, or the problems per form field. Empty
 * optional values are left out rather than sent as "".
 */
export function parseProfileValues(
  fields: readonly UserFormField[],
  raw: Record<string, unknown>,
): { ok: true; profile: Record<string, ProfileValue> } | { ok: false; fieldErrors: Record<string, string[]> } {
  const profile: Record<string, ProfileValue> = {};
  const fieldErrors: Record<string, string[]> = {};
  const problem = (field: UserFormField, message: string) => (fieldErrors[profileFieldName(field.name)] ??= []).push(message);
  for (const field of fields) {
    const rawValue = raw[profileFieldName(field.name)];
    const text = (Array.isArray(rawValue) ? rawValue.map(String).join("\n") : typeof rawValue === "string" ? rawValue : rawValue === undefined || rawValue === null ? "" : String(rawValue)).trim();
    if (field.type === "boolean") {
      if (text === "") {
        if (field.required) problem(field, "Choose yes or no.");
        continue;
      }
      profile[field.name] = text === "true" || text === "on";
      continue;
    }
    if (text === "") {
      if (field.required) problem(field, `Enter ${field.label.toLowerCase()}.`);
      continue;
    }
    if (field.type === "integer" || field.type === "number") {
      const n = Number(text);
      if (!Number.isFinite(n) || (field.type === "integer" && !Number.isInteger(n))) {
        problem(field, field.type === "integer" ? "Enter a whole number." : "Enter a number.");
        continue;
      }
      profile[field.name] = n;
      continue;
    }
    if (field.type === "array") {
      const items = text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
      const bad = items.map((item) => checkString({ ...field, minLength: undefined, maxLength: undefined }, item)).find(Boolean);
      if (bad) problem(field, bad);
      else profile[field.name] = items;
      continue;
    }
    const bad = checkString(field, text);
    if (bad) problem(field, bad);
    else profile[field.name] = text;
  }
  return Object.keys(fieldErrors).length > 0 ? { ok: false, fieldErrors } : { ok: true, profile };
}
