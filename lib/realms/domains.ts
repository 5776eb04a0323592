// Allowed domains of a realm: parsing what an admin typed, Okta's forbidden characters, and the rule
// Okta applies to users (username and email both in one of the realm's domains). Pure.

/** Okta's RealmProfile.domains refuses these characters (okta-facts §2.1). Whitespace never belongs in a domain either. */
export const FORBIDDEN_DOMAIN_CHARACTERS = "!$%^&()=*+,:;<>'[]|/?\\`";

const FORBIDDEN = /[!$%^&()=*+,:;<>'[\]|/?\\`\s]/g;

/** "a.example, b.example\nc.example" or repeated form fields → trimmed, lower-cased, de-duplicated entries. */
export function splitDomains(raw: unknown): string[] {
  const parts = Array.isArray(raw) ? raw.flatMap((v) => (typeof v === "string" ? v.split(/[\n\r,]+/) : [])) : typeof raw === "string" ? raw.split(/[\n\r,]+/) : [];
  const out: string[] = [];
  for (const part of parts) {
    const domain = part.trim().toLowerCase();
    if (domain !== "" && !out.includes(domain)) out.push(domain);
  }
  return out;
}

/** One message per bad domain, naming the characters Okta would refuse. */
export function domainProblems(domains: readonly string[]): string[] {
  const problems: string[] = [];
  for (const domain of domains) {
    const bad = [...new Set(domain.match(FORBIDDEN) ?? [])].map((c) => (/\s/.test(c) ? "a space" : c));
    if (bad.length > 0) problems.push(`"${domain}" contains ${bad.join(" ")}, which a domain can't contain (not allowed: ${FORBIDDEN_DOMAIN_CHARACTERS}).`);
    else if (!domain.includes(".") || domain.startsWith(".") || domain.endsWith(".") || domain.includes("..")) {
      problems.push(`"${domain}" isn't a domain name like partner.example.`);
    }
  }
  return problems;
}

const domainOf = (address: string | null | undefined): string | undefined => {
  if (!address) return undefined;
  const at = address.lastIndexOf("@");
  return at < 0 ? undefined : address.slice(at + 1).toLowerCase();
};

/**
 * Why a user with this username and email can't be in a realm with these allowed domains, keyed
 * by the field to blame; empty when they fit (or the realm has no domains).
 */
export function realmDomainRule(
  realm: { name: string; domains?: readonly string[] | undefined },
  user: { login: string; email?: string | null },
): Record<string, string[]> {
  const domains = realm.domains ?? [];
  if (domains.length === 0) return {};
  const allowed = domains.join(", ");
  const out: Record<string, string[]> = {};
  const loginDomain = domainOf(user.login);
  if (loginDomain === undefined || !domains.includes(loginDomain)) {
    out.login = [`The realm "${realm.name}" only allows usernames in ${allowed}.`];
  }
  const emailDomain = domainOf(user.email);
  if (emailDomain === undefined || !domains.includes(emailDomain)) {
    out.email = [`The realm "${realm.name}" only allows email addresses in ${allowed}.`];
  }
  return out;
}
