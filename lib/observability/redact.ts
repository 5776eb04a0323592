// What must never reach a log line, whatever shape the logged object has: values under
// secret-bearing keys (anywhere in the object, not only at known paths) and secrets embedded in
// strings (a bearer token in an error message, an Okta `Link` cursor in a URL).
export const REDACTED = "[redacted]";

/** Keys whose value is a secret or carries one (headers, cookies, tokens, client secrets, pagination cursors). */
const SECRET_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|link|after|cursor|password|passphrase|secret|client_?secret|code_?verifier|token|access_?token|refresh_?token|id_?token|api_?key|x-api-key|session_?token|encryption_?key|auth_?secret)$|(token|secret|password|cookie|authorization)$/i;

const STRING_PATTERNS: [RegExp, string][] = [
  // Authorization header values: Bearer / SSWS / Basic credentials.
  [/\b(Bearer|SSWS|Basic)\s+[A-Za-z0-9\-._~+/=]+/g, `$1 ${REDACTED}`],
  // Okta pagination cursors and OAuth parameters in URLs or form bodies.
  [/([?&](?:after|cursor|code|code_verifier|refresh_token|access_token|id_token|client_secret|token|state)=)[^&\s"'>]+/gi, `$1${REDACTED}`],
  // JSON-ish "access_token":"…" inside a logged response body.
  [/("(?:access_token|refresh_token|id_token|client_secret|token|password)"\s*:\s*")[^"]*"/gi, `$1${REDACTED}"`],
];

export function redactString(value: string): string {
  let out = value;
  for (const [pattern, replacement] of STRING_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A copy of `value` safe to log. Errors become {type, message, stack, cause}; cycles and depth are cut. */
export function redactValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === "string") return redactString(value);
  if (value === null || typeof value !== "object") return typeof value === "bigint" ? value.toString() : value;
  if (seen.has(value)) return "[circular]";
  if (depth > 8) return "[too deep]";
  seen.add(value);
  if (value instanceof Error) {
    const out: Record<string, unknown> = { type: value.name, message: redactString(value.message) };
    if (value.stack) out.stack = redactString(value.stack);
    const code = (value as { code?: unknown }).code;
    if (typeof code === "string" || typeof code === "number") out.code = code;
    if (value.cause !== undefined) out.cause = redactValue(value.cause, depth + 1, seen);
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Headers) {
    return Object.fromEntries([...value.entries()].map(([k, v]) => [k, isSecretKey(k) ? REDACTED : redactString(v)]));
  }
  if (value instanceof URL) return redactString(value.href);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = isSecretKey(key) ? REDACTED : redactValue(item, depth + 1, seen);
  return out;
}
