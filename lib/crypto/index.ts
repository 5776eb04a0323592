// Pure module (no Next.js, no env): scripts, tests and the app's server wrappers all use it.
export { decryptValue, encryptValue, envelopeKeyId, isUnderCurrentKey } from "./envelope";
export { DecryptError, KeyringError, type DecryptErrorCode } from "./errors";
export { createKeyring, keyIdOf, keyringFromEnv, type KeyEntry, type Keyring } from "./keyring";
