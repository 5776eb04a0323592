// `npm start` restarted: the sandbox org comes back from its persisted state on the same origin, and a
// connection authorized before the restart refreshes and calls the Management API without reauthorizing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/tests/support/database-url";
import { createKeyring } from "@/lib/crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { startSandbox, type Sandbox } from "@/sandbox";
import { REDIRECT_URI } from "@/sandbox/oauth/test-support/fixture";
import { signInForTokens } from "@/sandbox/oauth/test-support/http-client";
import { getAccessToken } from "./access-token";
import { createConnection, loadDecryptedConnection, storeAuthorization } from "./repository";
import { lifecycleDeps, newKey, prismaFor } from "./testing/fixtures";
import { tokenSetFromResponse } from "./token-endpoint";

const SCOPE = "openid offline_access okta.realms.read";

describe("a connection across a sandbox restart", () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-restart-int-"));
  const persistPath = join(dir, "sandbox.json");
  const keyring = createKeyring(newKey());
  let db: PrismaClient;
  let sandbox: Sandbox | undefined;

  beforeAll(() => {
    db = prismaFor(testDatabaseUrl(), 2);
  });
  afterAll(async () => {
    await sandbox?.stop();
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refreshes with the refresh token issued before the restart and stays healthy", async () => {
    const first = await startSandbox({ mode: "local", persistPath, seed: { userCount: 0 } });
    sandbox = first;
    const app = first.control.createApp({
      name: "Workflows restart",
      redirectUris: [REDIRECT_URI],
      grantedScopes: ["okta.realms.read"],
      rotationType: "ROTATE",
      leeway: 30,
      grantTypes: ["authorization_code", "refresh_token"],
    });
    const created = await createConnection({ db, keyring }, {
      nickname: `restart-${Date.now()}`,
      oktaDomain: first.url.slice("http://".length),
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      requestedScopes: SCOPE.split(" "),
      createdById: null,
    });
    const tokens = await signInForTokens(first.url, app, SCOPE, first.seeded.admin);
    if (!tokens.access_token || !tokens.refresh_token) throw new Error("sandbox issued no tokens");
    // Expired, so the first use after the restart has to refresh.
    const tokenSet = { ...tokenSetFromResponse({ ...tokens, access_token: tokens.access_token }, Date.now(), null), expiresAt: new Date(Date.now() - 1000) };
    await storeAuthorization({ db, keyring }, created.id, { tokenSet, authorizedSub: null, authorizedLogin: null, actor: null });

    const port = Number(new URL(first.url).port);
    await first.stop();
    sandbox = undefined;
    const second = await startSandbox({ mode: "local", persistPath, port });
    sandbox = second;

    const token = await getAccessToken(lifecycleDeps(db, keyring, { origin: second.url }), created.id);
    expect(token.accessToken).not.toBe(tokens.access_token);
    const realms = await fetch(new URL("/api/v1/realms", second.url), { headers: { authorization: `Bearer ${token.accessToken}` } });
    expect(realms.status).toBe(200);
    const stored = await loadDecryptedConnection({ db, keyring }, created.id);
    expect(stored?.status).toBe("HEALTHY");
    expect(stored?.tokenSet?.refreshToken).not.toBe(tokens.refresh_token); // rotated, and saved
  });
});
