import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** A random base62 string (modulo bias is irrelevant for a sandbox). */
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[(bytes[i] ?? 0) % 62];
  return out;
}

/**
 * Okta object ids are 20 characters: a 3-character type prefix followed by 17 characters,
 * e.g. users `00ub0oNGTSWTBKOLGLNR`, realms `guox9jQ16k9V8IFEL0g3`, assignments `rul2jy7jLUlnO3ng00g4`.
 */
export const ID_PREFIX = {
  user: "00u",
  realm: "guo",
  assignment: "rul",
  operation: "rre",
  app: "0oa",
  schema: "osc",
  userType: "oty",
  profileSource: "0oa",
} as const;

export function oktaId(prefix: string): string {
  return prefix + randomToken(20 - prefix.length);
}

/** Okta errorIds look like `oae…` / `sample…`, 25 characters. */
export const errorId = (): string => "oae" + randomToken(22);
