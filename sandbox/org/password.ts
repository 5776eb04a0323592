import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// Salted SHA-256: this is a sandbox (bulk-creating 50,000 users with one password must stay fast),
// but passwords are still never stored or returned in clear.
export function hashSecret(secret: string): string {
  const salt = randomBytes(8).toString("hex");
  return `${salt}:${createHash("sha256").update(salt + secret).digest("hex")}`;
}

export function verifySecret(secret: string, stored: string): boolean {
  const [salt, digest] = stored.split(":");
  if (!salt || !digest) return false;
  const actual = createHash("sha256").update(salt + secret).digest();
  const expected = Buffer.from(digest, "hex");
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
