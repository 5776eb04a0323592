import type { RealmProfile, RealmRecord } from "./types";

// Realm profile rules from the spec's RealmProfile and okta-facts §2.1/§4.

const FORBIDDEN_DOMAIN_CHARS = /[!$%^&()=*+,:;<>'[\]|/?\\\s]/;

/** Returns E0000001 causes for a realm profile (empty when valid). */
export function realmProfileCauses(input: unknown, isDefault: boolean): string[] {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    return ["profile: The field cannot be left blank"];
  const p = input as Record<string, unknown>;
  const causes: string[] = [];
  if (typeof p.name !== "string" || p.name.trim() === "") causes.push("name: The field cannot be left blank");
  if (p.realmType !== undefined && p.realmType !== "PARTNER" && p.realmType !== "DEFAULT")
    causes.push("realmType: Does not match one of the enumerated values: [PARTNER, DEFAULT]");
  if (p.domains !== undefined && p.domains !== null) {
    if (!Array.isArray(p.domains)) causes.push("domains: Property value must be an array of strings");
    else {
      if (isDefault && p.domains.length > 0) causes.push("domains: Allowed domains are not supported on the default realm");
      for (const d of p.domains) {
        if (typeof d !== "string" || d.trim() === "" || FORBIDDEN_DOMAIN_CHARS.test(d))
          causes.push(`domains: '${String(d)}' is not a valid domain; these characters aren't allowed: !$%^&()=*+,:;<>'[]|/?\\`);
      }
    }
  }
  return causes;
}

/** Keeps only RealmProfile's properties (unknown ones are ignored, not stored). */
export function toRealmProfile(input: Record<string, unknown>): RealmProfile {
  const profile: RealmProfile = { name: String(input.name).trim() };
  if (input.realmType === "PARTNER" || input.realmType === "DEFAULT") profile.realmType = input.realmType;
  if (Array.isArray(input.domains)) profile.domains = input.domains.map((d) => String(d).toLowerCase());
  return profile;
}

const domainOf = (value: unknown): string | null => {
  if (typeof value !== "string") return null;
  const at = value.lastIndexOf("@");
  return at < 0 ? null : value.slice(at + 1).toLowerCase();
};

/** Allowed domains: a user's username and email must both be in one of the realm's domains. */
export function realmDomainCauses(realm: RealmRecord, login: unknown, email: unknown): string[] {
  const domains = realm.profile.domains;
  if (!domains || domains.length === 0) return [];
  const causes: string[] = [];
  const loginDomain = domainOf(login);
  if (!loginDomain || !domains.includes(loginDomain))
    causes.push(`login: The username domain isn't one of the allowed domains for the realm '${realm.profile.name}'`);
  const emailDomain = domainOf(email);
  if (!emailDomain || !domains.includes(emailDomain))
    causes.push(`email: The email domain isn't one of the allowed domains for the realm '${realm.profile.name}'`);
  return causes;
}
