// The org AS's RS256 signing key. Generated per start unless the caller passes one (so ID tokens
// stay verifiable across sandbox restarts if the composition persists it).

import { createHash, generateKeyPairSync, type JsonWebKey } from "node:crypto";

export interface SigningJwk extends JsonWebKey {
  kid: string;
  alg: "RS256";
  use: "sig";
}

export function createSigningKey(existing?: JsonWebKey): SigningJwk {
  const jwk = existing ?? generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  if (jwk.kty !== "RSA" || typeof jwk.d !== "string" || typeof jwk.n !== "string") {
    throw new Error("the org AS signing key must be an RSA private JWK");
  }
  // Okta kids are opaque strings; a thumbprint-like digest of the modulus keeps it stable per key.
  const kid = typeof existing?.kid === "string" ? existing.kid : createHash("sha256").update(jwk.n).digest("base64url").slice(0, 43);
  return { ...jwk, kid, alg: "RS256", use: "sig" };
}
