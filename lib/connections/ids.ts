import { randomBytes } from "node:crypto";

// Connection ids are made here, not by the database default, because the id is part of the AAD
// the secrets are encrypted with, and must be known before the row is written. Shape: "c" + 24
// lowercase base-36 characters (≈124 random bits), like the cuid() ids of the other tables.
export function createConnectionId(): string {
  const digits = randomBytes(24);
  let id = "c";
  for (const byte of digits) id += (byte % 36).toString(36);
  return id;
}
