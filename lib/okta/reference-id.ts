// A short id an admin can read out to whoever runs the app; it ties the message they saw to the
// audit-log entry (which keeps Okta's own request id). Crockford base32 avoids 0/O and 1/I mix-ups.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newReferenceId(): string {
  const bytes = new Uint8Array(10);
  globalThis.crypto.getRandomValues(bytes);
  let out = "";
  for (const b of bytes) out += ALPHABET.charAt(b % 32);
  return `OKR-${out.slice(0, 5)}-${out.slice(5)}`;
}
