import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { DecryptError } from "./errors";
import type { Keyring } from "./keyring";

// Envelope: "v1.<keyId>.<nonce>.<ciphertext‖tag>" with base64url parts. AES-256-GCM, a random
// 96-bit nonce per value, and the caller's context string as AAD, so a value copied to another
// record or field fails to decrypt instead of silently meaning something else.
const VERSION = "v1";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const B64URL = /^[A-Za-z0-9_-]+$/;

/** Encrypts under the keyring's current key. `context` is authenticated, not stored. */
export function encryptValue(keyring: Keyring, plaintext: string, context: string): string {
  const { id, key } = keyring.current;
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, id, nonce.toString("base64url"), body.toString("base64url")].join(".");
}

type Parsed = { keyId: string; nonce: Buffer; ciphertext: Buffer; tag: Buffer };

function parse(envelope: string, context: string): Parsed {
  const parts = envelope.split(".");
  const [version, keyId, nonceText, bodyText] = parts;
  const malformed = (why: string) => new DecryptError("MALFORMED", `Encrypted value for ${context} is malformed (${why})`);
  if (parts.length !== 4 || version === undefined || keyId === undefined || nonceText === undefined || bodyText === undefined) {
    throw malformed("expected v1.<keyId>.<nonce>.<ciphertext>");
  }
  // Never echo any part of the input: a plaintext secret stored by mistake would end up in logs.
  if (version !== VERSION) throw malformed("unsupported version");
  if (!/^[0-9a-f]{16}$/.test(keyId)) throw malformed("bad key id");
  if (!B64URL.test(nonceText) || !B64URL.test(bodyText)) throw malformed("bad encoding");
  const nonce = Buffer.from(nonceText, "base64url");
  const body = Buffer.from(bodyText, "base64url");
  if (nonce.length !== NONCE_BYTES) throw malformed("bad nonce length");
  if (body.length < TAG_BYTES) throw malformed("too short");
  return { keyId, nonce, ciphertext: body.subarray(0, body.length - TAG_BYTES), tag: body.subarray(body.length - TAG_BYTES) };
}

/** The key id an envelope was written under (for rotation bookkeeping); throws on a malformed value. */
export function envelopeKeyId(envelope: string): string {
  return parse(envelope, "value").keyId;
}

/** Decrypts with whichever keyring key the envelope names; any mismatch throws {@link DecryptError}. */
export function decryptValue(keyring: Keyring, envelope: string, context: string): string {
  const { keyId, nonce, ciphertext, tag } = parse(envelope, context);
  const entry = keyring.find(keyId);
  if (!entry) {
    throw new DecryptError(
      "UNKNOWN_KEY",
      `Encrypted value for ${context} uses key ${keyId}, which is neither ENCRYPTION_KEY nor in ENCRYPTION_RETIRED_KEYS ` +
        `(known: ${keyring.keyIds.join(", ")}). Add the old key to ENCRYPTION_RETIRED_KEYS.`,
      keyId,
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", entry.key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    // Node's own message is generic, but we replace it anyway so nothing of the input can leak.
    throw new DecryptError(
      "AUTHENTICATION_FAILED",
      `Encrypted value for ${context} failed authentication under key ${keyId}: it was altered or belongs to another record or field`,
      keyId,
    );
  }
}

/** True when the envelope is already under the keyring's current key (nothing to rotate). */
export function isUnderCurrentKey(keyring: Keyring, envelope: string): boolean {
  return envelopeKeyId(envelope) === keyring.currentKeyId;
}
