import { createHash } from "node:crypto";
import { KeyringError } from "./errors";

const KEY_BYTES = 32;
// Domain-separated so the published key id is not simply a hash someone else also publishes.
const KEY_ID_LABEL = "okta-realms-connections/key-id/v1\0";

/** One AES-256 key and its id. The bytes stay inside this module's closures and never print. */
export type KeyEntry = { readonly id: string; readonly key: Buffer };

export type Keyring = {
  /** Id of the key new values are encrypted under. */
  readonly currentKeyId: string;
  /** Ids of every key that can decrypt (current first, then retired). */
  readonly keyIds: readonly string[];
  /** @internal used by the envelope module only */
  readonly current: KeyEntry;
  /** @internal used by the envelope module only */
  find(keyId: string): KeyEntry | undefined;
};

/** First 8 bytes of SHA-256(label ‖ key), hex: stable, short, and says nothing useful about the key. */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(KEY_ID_LABEL).update(key).digest().subarray(0, 8).toString("hex");
}

function parseKey(base64: string, what: string): KeyEntry {
  const trimmed = base64.trim();
  const key = Buffer.from(trimmed, "base64");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) || key.length !== KEY_BYTES) {
    throw new KeyringError(`${what} must be ${KEY_BYTES} random bytes, base64-encoded (openssl rand -base64 32)`);
  }
  return Object.freeze({ id: keyIdOf(key), key });
}

/**
 * A keyring from the current key (encrypts and decrypts) and retired keys (decrypt only, kept until
 * `scripts/rotate-encryption-key.ts` has re-encrypted everything under the current key).
 */
export function createKeyring(current: string, retired: readonly string[] = []): Keyring {
  const currentEntry = parseKey(current, "ENCRYPTION_KEY");
  const byId = new Map<string, KeyEntry>([[currentEntry.id, currentEntry]]);
  retired.forEach((value, index) => {
    const entry = parseKey(value, `ENCRYPTION_RETIRED_KEYS[${index}]`);
    if (!byId.has(entry.id)) byId.set(entry.id, entry);
  });
  const keyring: Keyring = {
    currentKeyId: currentEntry.id,
    keyIds: [...byId.keys()],
    current: currentEntry,
    find: (keyId) => byId.get(keyId),
  };
  // console.log / JSON.stringify of a keyring must not dump key bytes into logs.
  const redacted = () => `Keyring(current=${currentEntry.id}, keys=${byId.size})`;
  Object.defineProperties(keyring, {
    toJSON: { value: () => ({ currentKeyId: currentEntry.id, keyIds: keyring.keyIds }) },
    [Symbol.for("nodejs.util.inspect.custom")]: { value: redacted },
    toString: { value: redacted },
  });
  return Object.freeze(keyring);
}

/** `ENCRYPTION_KEY` plus comma-separated `ENCRYPTION_RETIRED_KEYS`, as validated by lib/config. */
export function keyringFromEnv(env: { ENCRYPTION_KEY: string; ENCRYPTION_RETIRED_KEYS?: string | undefined }): Keyring {
  const retired = (env.ENCRYPTION_RETIRED_KEYS ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
  return createKeyring(env.ENCRYPTION_KEY, retired);
}
