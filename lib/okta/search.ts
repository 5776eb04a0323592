// Building Okta search expressions from values an admin typed, without letting a quote in the value
// change the expression.

/** A value as an Okta search string literal: double-quoted, with `\` and `"` escaped. */
export function quoteSearchValue(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * Users of one realm. The spec documents no realm filter; `realmId eq "…"` is the assumed form
 * (okta-facts §2.4, unverified against a live org; the sandbox implements it).
 */
export function realmUsersSearch(realmId: string): string {
  return `realmId eq ${quoteSearchValue(realmId)}`;
}

/** Realms whose name contains `text` (the only search Okta calls out for realms). */
export function realmNameContains(text: string): string {
  return `profile.name co ${quoteSearchValue(text)}`;
}
