import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createKeyring, decryptValue, DecryptError, encryptValue, envelopeKeyId, keyIdOf, keyringFromEnv, KeyringError } from "./index";

const newKey = () => randomBytes(32).toString("base64");
const SECRET = "s3cr3t-client-secret-VALUE-Ωmega";
const CTX = "connection:c1:clientSecret";

/** Flips one bit of the decoded part `index` (1 = key id, 2 = nonce, 3 = ciphertext‖tag) at `at`. */
function flip(envelope: string, index: 2 | 3, at: (length: number) => number): string {
  const parts = envelope.split(".");
  const bytes = Buffer.from(parts[index] ?? "", "base64url");
  const i = at(bytes.length);
  bytes[i] = (bytes[i] ?? 0) ^ 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

function decryptError(run: () => unknown): DecryptError {
  try {
    run();
  } catch (error) {
    if (error instanceof DecryptError) return error;
    throw error;
  }
  throw new Error("expected a DecryptError, but decryption succeeded");
}

describe("envelope", () => {
  const keyring = createKeyring(newKey());

  it("round-trips, with a fresh nonce per value and the key id in the envelope", () => {
    const a = encryptValue(keyring, SECRET, CTX);
    const b = encryptValue(keyring, SECRET, CTX);
    expect(a).toMatch(/^v1\.[0-9a-f]{16}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(envelopeKeyId(a)).toBe(keyring.currentKeyId);
    expect(a).not.toContain(SECRET);
    expect(decryptValue(keyring, a, CTX)).toBe(SECRET);
    expect(decryptValue(keyring, encryptValue(keyring, "", CTX), CTX)).toBe("");
  });

  it.each([
    ["first ciphertext byte", 3, () => 0],
    ["last tag byte", 3, (n: number) => n - 1],
    ["a middle byte", 3, (n: number) => Math.floor(n / 2)],
    ["nonce", 2, () => 5],
  ] as const)("rejects a flipped bit in the %s", (_, part, at) => {
    const tampered = flip(encryptValue(keyring, SECRET, CTX), part, at);
    const error = decryptError(() => decryptValue(keyring, tampered, CTX));
    expect(error.code).toBe("AUTHENTICATION_FAILED");
  });

  it("rejects a truncated or restructured envelope as malformed", () => {
    const value = encryptValue(keyring, SECRET, CTX);
    expect(decryptError(() => decryptValue(keyring, value.slice(0, value.lastIndexOf(".")), CTX)).code).toBe("MALFORMED");
    expect(decryptError(() => decryptValue(keyring, value.replace(/^v1/, "v2"), CTX)).code).toBe("MALFORMED");
    // A plaintext secret stored by mistake is refused (no plaintext fallback) and not echoed.
    const error = decryptError(() => decryptValue(keyring, SECRET, CTX));
    expect(error.code).toBe("MALFORMED");
    expect(error.message).not.toContain(SECRET.slice(0, 5));
  });

  it("binds the value to its record and field (AAD)", () => {
    const value = encryptValue(keyring, SECRET, CTX);
    expect(decryptError(() => decryptValue(keyring, value, "connection:c2:clientSecret")).code).toBe("AUTHENTICATION_FAILED");
    expect(decryptError(() => decryptValue(keyring, value, "connection:c1:tokenSet")).code).toBe("AUTHENTICATION_FAILED");
  });

  it("fails under a different key with the same key id claimed", () => {
    const other = createKeyring(newKey());
    const value = encryptValue(other, SECRET, CTX);
    // Forge the header so the other key is actually tried rather than rejected as unknown.
    const forged = value.replace(other.currentKeyId, keyring.currentKeyId);
    expect(decryptError(() => decryptValue(keyring, forged, CTX)).code).toBe("AUTHENTICATION_FAILED");
  });

  it("names an unknown key id clearly and tells how to fix it", () => {
    const other = createKeyring(newKey());
    const error = decryptError(() => decryptValue(keyring, encryptValue(other, SECRET, CTX), CTX));
    expect(error.code).toBe("UNKNOWN_KEY");
    expect(error.keyId).toBe(other.currentKeyId);
    expect(error.message).toContain(other.currentKeyId);
    expect(error.message).toContain("ENCRYPTION_RETIRED_KEYS");
  });

  it("never puts plaintext, ciphertext or key material in error messages", () => {
    const key = newKey();
    const ring = createKeyring(key);
    const value = encryptValue(ring, SECRET, CTX);
    const body = value.split(".")[3] ?? "";
    const errors = [
      decryptError(() => decryptValue(ring, flip(value, 3, () => 0), CTX)),
      decryptError(() => decryptValue(ring, value, "connection:other:clientSecret")),
      decryptError(() => decryptValue(createKeyring(newKey()), value, CTX)),
    ];
    for (const error of errors) {
      const text = `${error.message} ${inspect(error)}`;
      for (const needle of [SECRET, key, body.slice(0, 12), Buffer.from(key, "base64").toString("hex").slice(0, 12)]) {
        expect(text).not.toContain(needle);
      }
    }
  });
});

describe("keyring and rotation", () => {
  it("decrypts old values with the old key retired and re-encrypts under the new key id", () => {
    const oldKey = newKey();
    const newKeyValue = newKey();
    const before = createKeyring(oldKey);
    const stored = encryptValue(before, SECRET, CTX);

    const after = keyringFromEnv({ ENCRYPTION_KEY: newKeyValue, ENCRYPTION_RETIRED_KEYS: ` ${oldKey} ,` });
    expect(after.keyIds).toEqual([after.currentKeyId, before.currentKeyId]);
    expect(decryptValue(after, stored, CTX)).toBe(SECRET);

    const rotated = encryptValue(after, decryptValue(after, stored, CTX), CTX);
    expect(envelopeKeyId(rotated)).toBe(after.currentKeyId);
    expect(envelopeKeyId(rotated)).not.toBe(before.currentKeyId);

    // Once everything is re-encrypted, the retired key can go.
    const withoutOld = createKeyring(newKeyValue);
    expect(decryptValue(withoutOld, rotated, CTX)).toBe(SECRET);
    expect(decryptError(() => decryptValue(withoutOld, stored, CTX)).code).toBe("UNKNOWN_KEY");
  });

  it("derives a stable 16-hex key id from the key", () => {
    const key = Buffer.alloc(32, 7);
    expect(keyIdOf(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(createKeyring(key.toString("base64")).currentKeyId).toBe(keyIdOf(key));
  });

  it("refuses bad keys without echoing them", () => {
    const short = randomBytes(16).toString("base64");
    expect(() => createKeyring(short)).toThrow(KeyringError);
    expect(() => createKeyring(short)).not.toThrow(short);
    expect(() => createKeyring(newKey(), ["not base64!"])).toThrow(/ENCRYPTION_RETIRED_KEYS\[0\]/);
  });

  it("does not print key bytes when logged or serialised", () => {
    const key = newKey();
    const ring = createKeyring(key, [newKey()]);
    const hex = Buffer.from(key, "base64").toString("hex");
    for (const text of [inspect(ring, { depth: 5 }), JSON.stringify(ring), String(ring)]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(hex.slice(0, 16));
    }
  });
});
