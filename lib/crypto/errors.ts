/** Why a value could not be decrypted. None of them says anything about the plaintext or the keys. */
export type DecryptErrorCode = "MALFORMED" | "UNKNOWN_KEY" | "AUTHENTICATION_FAILED";

/**
 * A stored value that cannot be decrypted: tampered with, bound to another record or field (AAD), or
 * encrypted under a key that is not in the keyring. Messages carry only the key id and the context
 * label (e.g. `connection:<id>:clientSecret`), never plaintext, ciphertext or key material.
 */
export class DecryptError extends Error {
  constructor(
    readonly code: DecryptErrorCode,
    message: string,
    readonly keyId?: string,
  ) {
    super(message);
    this.name = "DecryptError";
  }
}

/** A key that cannot be used (wrong length, not base64). Never echoes the value it was given. */
export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyringError";
  }
}
