import { z } from "zod";
import { decryptValue, encryptValue, type Keyring } from "@/lib/crypto";
import type { TokenSet } from "./types";

// AAD labels: each envelope only decrypts in the row and column it was written for.
export const secretContext = {
  clientSecret: (connectionId: string) => `connection:${connectionId}:clientSecret`,
  tokenSet: (connectionId: string) => `connection:${connectionId}:tokenSet`,
};

// Short keys keep the envelope small; the schema refuses a token set that lost its access token.
const storedTokenSet = z.object({
  at: z.string().min(1),
  rt: z.string().min(1).optional(),
  it: z.string().min(1).optional(),
  tt: z.string().min(1),
  exp: z.number().int(),
  sc: z.array(z.string()),
});

export function encryptClientSecret(keyring: Keyring, connectionId: string, clientSecret: string): string {
  return encryptValue(keyring, clientSecret, secretContext.clientSecret(connectionId));
}

export function decryptClientSecret(keyring: Keyring, connectionId: string, envelope: string): string {
  return decryptValue(keyring, envelope, secretContext.clientSecret(connectionId));
}

export function encryptTokenSet(keyring: Keyring, connectionId: string, tokens: TokenSet): string {
  const stored: z.infer<typeof storedTokenSet> = {
    at: tokens.accessToken,
    rt: tokens.refreshToken,
    it: tokens.idToken,
    tt: tokens.tokenType,
    exp: tokens.expiresAt.getTime(),
    sc: tokens.scope,
  };
  return encryptValue(keyring, JSON.stringify(stored), secretContext.tokenSet(connectionId));
}

export function decryptTokenSet(keyring: Keyring, connectionId: string, envelope: string): TokenSet {
  const parsed = storedTokenSet.safeParse(JSON.parse(decryptValue(keyring, envelope, secretContext.tokenSet(connectionId))));
  // Authenticated, so only a bug could get here; the message must not include the content.
  if (!parsed.success) throw new Error(`Stored token set of connection ${connectionId} has an unexpected shape`);
  const { at, rt, it, tt, exp, sc } = parsed.data;
  return {
    accessToken: at,
    tokenType: tt,
    expiresAt: new Date(exp),
    scope: sc,
    ...(rt !== undefined ? { refreshToken: rt } : {}),
    ...(it !== undefined ? { idToken: it } : {}),
  };
}

/** Space-delimited OAuth `scope` → list (empty entries dropped). */
export function parseScope(scope: string | undefined): string[] {
  return (scope ?? "").split(" ").filter((s) => s.length > 0);
}
