import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { createKeyring } from "@/lib/crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { makeApp, startSandbox, type Sandbox } from "@/sandbox/oauth/test-support/fixture";
import { signInForTokens } from "@/sandbox/oauth/test-support/http-client";
import { getAccessToken } from "./access-token";
import { createConnection, loadDecryptedConnection, storeAuthorization } from "./repository";
import { lifecycleDeps, newKey, prismaFor } from "./testing/fixtures";
import { runTwoProcessRace } from "./testing/race";
import { tokenSetFromResponse, type TokenResponse } from "./token-endpoint";

// The same race against the sandbox org's authorization server (Okta's rotation with leeway 0 and
// reuse detection that revokes the whole family), starting from a real authorization-code flow.
const app = makeApp({ clientId: "0oaRaceNoLeeway", rotationType: "ROTATE", leeway: 0 });
const SCOPE = "openid offline_access okta.realms.read";

describe("refresh race against the sandbox org", () => {
  let sb: Sandbox;
  const dbs: PrismaClient[] = [];
  const key = newKey();
  const keyring = createKeyring(key);

  beforeAll(async () => {
    sb = await startSandbox([app]);
    for (let i = 0; i < 5; i++) dbs.push(prismaFor(testDatabaseUrl(), 4));
  });
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.$disconnect()));
    await sb.close();
  });

  it("100 callers in two processes: one refresh, no reuse detected, the chain stays alive", async () => {
    const [first] = dbs;
    if (!first) throw new Error("no db");
    const created = await createConnection({ db: first, keyring }, {
      nickname: `sandbox-${Date.now()}`,
      oktaDomain: sb.issuer.slice("http://".length),
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      requestedScopes: SCOPE.split(" "),
      createdById: null,
    });
    const tokens = await signInForTokens(sb.issuer, app, SCOPE);
    if (!tokens.access_token || !tokens.refresh_token) throw new Error("sandbox issued no tokens");
    const initial: TokenResponse = { ...tokens, access_token: tokens.access_token };
    const tokenSet = { ...tokenSetFromResponse(initial, Date.now(), null), expiresAt: new Date(Date.now() - 1000) };
    await storeAuthorization({ db: first, keyring }, created.id, { tokenSet, authorizedSub: null, authorizedLogin: null, actor: null });
    const before = sb.as.counters();

    const race = await runTwoProcessRace({ databaseUrl: testDatabaseUrl(), key, keyring, origin: sb.issuer, connectionId: created.id, dbs, perProcess: 50 });
    const after = sb.as.counters();
    console.log(
      `[refresh-race:sandbox] ${race.tokens.length} tokens, ${race.errors.length} errors, ` +
        `${after.refreshes - before.refreshes} refresh(es), ${after.reuseDetected - before.reuseDetected} reuse detected, ${race.elapsedMs} ms`,
    );
    expect(race.errors).toEqual([]);
    expect(after.refreshes - before.refreshes).toBe(1);
    expect(after.reuseDetected - before.reuseDetected).toBe(0);
    expect(new Set(race.tokens).size).toBe(1);
    expect(race.tokens[0]).not.toBe(tokens.access_token);
    expect(await sb.as.verifyAccessToken(race.tokens[0] ?? "")).not.toBeNull();

    // The saved (rotated) refresh token is the live one: another refresh succeeds.
    const stored = await loadDecryptedConnection({ db: first, keyring }, created.id);
    expect(stored?.status).toBe("HEALTHY");
    expect(stored?.tokenSet?.refreshToken).not.toBe(tokens.refresh_token);
    await getAccessToken(lifecycleDeps(first, keyring, { origin: sb.issuer }), created.id, { forceRefresh: true });
    expect(sb.as.counters().refreshes - before.refreshes).toBe(2);
  });
});
