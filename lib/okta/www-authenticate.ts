// RFC 6750 §3 / RFC 9110 §11.6.1 challenge parsing. Okta's 403 for a missing scope has an empty body;
// the only place the needed scope is named is this header, so it is parsed properly (quoted strings
// with commas and escapes, several challenges, any parameter order) rather than with a regex.

export type AuthChallenge = { scheme: string; params: Record<string, string> };

function skipSpace(s: string, i: number): number {
  while (i < s.length && /[\s,]/.test(s.charAt(i))) i++;
  return i;
}

function readToken(s: string, i: number): [string, number] {
  let j = i;
  while (j < s.length && /[!#$%&'*+\-.^_`|~0-9A-Za-z/]/.test(s.charAt(j))) j++;
  return [s.slice(i, j), j];
}

function readQuoted(s: string, i: number): [string, number] {
  let out = "";
  let j = i + 1; // past the opening quote
  while (j < s.length) {
    const c = s.charAt(j);
    if (c === "\\" && j + 1 < s.length) {
      out += s.charAt(j + 1);
      j += 2;
    } else if (c === '"') {
      return [out, j + 1];
    } else {
      out += c;
      j++;
    }
  }
  return [out, j]; // unterminated: keep what was there
}

/** All challenges in a WWW-Authenticate value; parameter names are lower-cased. */
export function parseWwwAuthenticate(header: string | null | undefined): AuthChallenge[] {
  if (!header) return [];
  const challenges: AuthChallenge[] = [];
  let current: AuthChallenge | undefined;
  let i = 0;
  while (i < header.length) {
    i = skipSpace(header, i);
    const [name, afterName] = readToken(header, i);
    if (name === "") {
      i = afterName + 1; // stray character: skip it
      continue;
    }
    let j = afterName;
    while (j < header.length && header.charAt(j) === " ") j++;
    if (header.charAt(j) === "=" && current) {
      j++;
      while (j < header.length && header.charAt(j) === " ") j++;
      const [value, afterValue] = header.charAt(j) === '"' ? readQuoted(header, j) : readToken(header, j);
      current.params[name.toLowerCase()] = value;
      i = afterValue;
    } else {
      current = { scheme: name, params: {} };
      challenges.push(current);
      i = afterName;
    }
  }
  return challenges;
}

/** The Bearer challenge's `error` and space-separated `scope`, when the header says insufficient_scope. */
export function insufficientScopeFrom(header: string | null | undefined): { scopes: string[] } | undefined {
  const bearer = parseWwwAuthenticate(header).find((c) => c.scheme.toLowerCase() === "bearer");
  if (!bearer || bearer.params.error !== "insufficient_scope") return undefined;
  const scopes = (bearer.params.scope ?? "").split(/\s+/).filter((s) => s.length > 0);
  return { scopes };
}
