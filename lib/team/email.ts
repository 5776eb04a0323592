// Email comparison for invitations and allowed domains: trimmed and lower-cased everywhere.

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailDomain(email: string): string | undefined {
  const at = email.lastIndexOf("@");
  if (at <= 0 || at === email.length - 1) return undefined;
  return email.slice(at + 1).toLowerCase();
}

/** ALLOWED_EMAIL_DOMAINS ("example.com, corp.example") → lower-cased domains, leading "@" tolerated. */
export function parseAllowedDomains(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
    .filter(Boolean);
}

/** Exact domain match only: "example.com" does not admit "evil.example.com" or "example.com.evil". */
export function isAllowedDomain(email: string, allowedDomains: readonly string[]): boolean {
  const domain = emailDomain(normalizeEmail(email));
  return domain !== undefined && allowedDomains.includes(domain);
}
