// Shared set-up for the connection integration tests and the race child process.
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { createKeyring, type Keyring } from "@/lib/crypto";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createConnection, storeAuthorization } from "../repository";
import { createOpenIdRefresher, tokenSetFromResponse, type TokenResponse } from "../token-endpoint";
import type { TokenLifecycleDeps } from "../access-token";
import type { TokenServer } from "./token-server";

export const newKey = () => randomBytes(32).toString("base64");

export function prismaFor(url: string, poolMax = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolMax }) });
}

export function lifecycleDeps(db: PrismaClient, keyring: Keyring, server: { origin: string }, extra: Partial<TokenLifecycleDeps> = {}): TokenLifecycleDeps {
  return { db, keyring, refreshTokens: createOpenIdRefresher({ devHttpOrigins: [server.origin], timeoutSeconds: 2 }), ...extra };
}

/** A connection to the test server's "org", authorized, with an access token that expired a minute ago. */
export async function authorizedConnection(
  deps: { db: PrismaClient; keyring: Keyring },
  server: TokenServer,
  input: { clientId: string; clientSecret: string; expiresInMs?: number },
): Promise<{ id: string; initial: TokenResponse }> {
  const created = await createConnection(deps, {
    nickname: `conn-${randomBytes(4).toString("hex")}`,
    oktaDomain: server.origin.replace(/^http:\/\//, ""),
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    requestedScopes: ["openid", "offline_access", "okta.users.read"],
    createdById: null,
  });
  const initial = server.issueInitial();
  const tokenSet = tokenSetFromResponse(initial, Date.now(), null);
  tokenSet.expiresAt = new Date(Date.now() + (input.expiresInMs ?? -60_000));
  await storeAuthorization(deps, created.id, { tokenSet, authorizedSub: "00u1", authorizedLogin: "admin@example.com", actor: null });
  return { id: created.id, initial };
}

export { createKeyring };
