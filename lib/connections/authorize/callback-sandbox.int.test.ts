// The connection OAuth flow end to end against the sandbox Okta org: the real actions, a scripted
// browser at Okta's sign-in page and the real callback route. What a member would notice:
// - a rotated client secret given with Reauthorize replaces the stored one only if that
//   authorization succeeds (abandoned or failed, the connection keeps working with the old one);
// - a late failure of an older first authorization doesn't knock an authorized connection back to Pending;
// - a failure after Okta issued tokens (saving them or auditing the success) ends on the Connections
//   page with an outcome and a reference id, stores nothing, and the issued tokens are revoked.
import { randomBytes } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startSandbox } from "@/sandbox";
import type { App } from "./testing/sandbox-flow";

vi.mock("server-only", () => ({}));

// Before anything reads env(): the sandbox org is plain http.
const sandbox = await startSandbox({ mode: "test" });
process.env.DEV_OKTA_HTTP_ORIGINS = [process.env.DEV_OKTA_HTTP_ORIGINS, sandbox.url].filter(Boolean).join(",");
afterAll(() => sandbox.stop());

const fx = await import("@/tests/support/team-fixtures");
const { createConnectionAction } = await import("@/lib/actions/connections/create-connection");
const { reauthorizeConnectionAction } = await import("@/lib/actions/connections/reauthorize-connection");
const { db } = await import("@/lib/db");
const { getAccessToken, loadDecryptedConnection } = await import("@/lib/connections");
const { connectionDeps } = await import("@/lib/connections/server");
const { sandboxFlow } = await import("./testing/sandbox-flow");
const { readAuthorizationOutcome } = await import("./read-outcome");

const host = new URL(sandbox.url).host;
type Member = Awaited<ReturnType<typeof fx.createUser>>;

const { newApp, approve: approveAtOkta, callback } = sandboxFlow(sandbox);

/** The Okta admin rotates the app's secret: from now on only `secret` authenticates. */
function rotateAtOkta(app: App, secret: string): void {
  const stored = sandbox.org.getApp(app.clientId);
  if (!stored) throw new Error("no such app");
  stored.clientSecret = secret;
}

async function create(member: Member, app: App): Promise<{ connectionId: string; authorizeUrl: string }> {
  fx.actAs(member);
  const result = await createConnectionAction({ nickname: `flow-${randomBytes(3).toString("hex")}`, domain: host, clientId: app.clientId, clientSecret: app.clientSecret, scopeMode: "default" });
  if (!result.ok) throw new Error(`create failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

async function reauthorize(member: Member, connectionId: string, clientSecret?: string): Promise<string> {
  fx.actAs(member);
  const result = await reauthorizeConnectionAction({ id: connectionId, ...(clientSecret ? { clientSecret } : {}) });
  if (!result.ok) throw new Error(`reauthorize failed: ${JSON.stringify(result.error)}`);
  return result.data.authorizeUrl;
}

/** A connection authorized through the whole flow (HEALTHY, tokens stored). */
async function authorizedConnection(member: Member, app: App): Promise<string> {
  const { connectionId, authorizeUrl } = await create(member, app);
  expect((await callback(member, await approveAtOkta(authorizeUrl))).status).toBe(303);
  expect(await connection(connectionId)).toMatchObject({ status: "HEALTHY" });
  return connectionId;
}

async function connection(id: string) {
  const row = await loadDecryptedConnection(connectionDeps(), id);
  if (!row) throw new Error("connection gone");
  return row;
}

/** What the Test button and every Okta call do first: a token refresh with the stored secret. */
async function refreshWorks(id: string): Promise<boolean> {
  try {
    await getAccessToken(connectionDeps(), id, { forceRefresh: true });
    return true;
  } catch {
    return false;
  }
}

async function latestAuthorizationRow(connectionId: string) {
  return db().connectionAuthorization.findFirstOrThrow({ where: { connectionId }, orderBy: { createdAt: "desc" } });
}

beforeEach(fx.resetTeam);

describe("reauthorize with a rotated client secret", () => {
  it("abandoned at Okta: the stored secret is untouched and the connection keeps refreshing", async () => {
    const admin = await fx.createUser("ADMIN");
    const app = newApp();
    const id = await authorizedConnection(admin, app);

    await reauthorize(admin, id, "mistyped-secret-value");
    // The member closes the Okta tab here.

    const row = await latestAuthorizationRow(id);
    expect(row.clientSecretEnc).toMatch(/^v1\./);
    expect(row.clientSecretEnc).not.toContain("mistyped-secret-value");
    expect((await connection(id)).clientSecret).toBe(app.clientSecret);
    expect(await refreshWorks(id)).toBe(true);
    expect(await connection(id)).toMatchObject({ status: "HEALTHY", statusReason: null });
    expect(await fx.auditEvents("connection.client_secret_replaced")).toHaveLength(0);
  });

  it("refused by Okta (wrong secret): nothing changes, the pending secret is blanked, refresh still works", async () => {
    const admin = await fx.createUser("ADMIN");
    const app = newApp();
    const id = await authorizedConnection(admin, app);
    const before = await connection(id);

    const authorizeUrl = await reauthorize(admin, id, "mistyped-secret-value");
    const { target } = await callback(admin, await approveAtOkta(authorizeUrl));

    const authorizationId = (await latestAuthorizationRow(id)).id;
    expect(target).toBe(`/connections?authorization=${authorizationId}`);
    const outcome = await readAuthorizationOutcome(authorizationId, admin.userId);
    expect(outcome?.ok).toBe(false);
    expect(outcome?.message).toMatch(/refused the client credentials/);
    const after = await connection(id);
    expect(after.clientSecret).toBe(app.clientSecret);
    expect(after.tokenSet?.refreshToken).toBe(before.tokenSet?.refreshToken);
    expect(after.status).toBe("HEALTHY");
    expect((await latestAuthorizationRow(id)).clientSecretEnc).toBeNull();
    expect(await refreshWorks(id)).toBe(true);
    expect(await fx.auditEvents("connection.client_secret_replaced")).toHaveLength(0);
  });

  it("approved with the rotated secret: the connection switches to it, audited without the secret", async () => {
    const admin = await fx.createUser("ADMIN");
    const app = newApp();
    const id = await authorizedConnection(admin, app);
    const rotated = `rotated-${randomBytes(12).toString("hex")}`;

    const authorizeUrl = await reauthorize(admin, id, rotated);
    // Not applied yet: the flow hasn't succeeded.
    expect((await connection(id)).clientSecret).toBe(app.clientSecret);
    rotateAtOkta(app, rotated);
    await callback(admin, await approveAtOkta(authorizeUrl));

    const outcome = await readAuthorizationOutcome((await latestAuthorizationRow(id)).id, admin.userId);
    expect(outcome).toMatchObject({ ok: true, reauthorize: true });
    expect((await connection(id)).clientSecret).toBe(rotated);
    expect(await refreshWorks(id)).toBe(true);
    expect((await latestAuthorizationRow(id)).clientSecretEnc).toBeNull();
    const events = await fx.auditEvents("connection.client_secret_replaced", "SUCCESS");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ connectionId: id, actorId: admin.userId });
    expect(JSON.stringify(events[0])).not.toContain(rotated);
  });
});

describe("two first authorizations at once", () => {
  it("a late failure of the older flow leaves the authorized connection Healthy with its tokens", async () => {
    const admin = await fx.createUser("ADMIN");
    const app = newApp();
    const { connectionId: id, authorizeUrl: older } = await create(admin, app);
    const newer = await reauthorize(admin, id); // still a first authorization: nothing stored yet
    await callback(admin, await approveAtOkta(newer));
    const authorized = await connection(id);
    expect(authorized.status).toBe("HEALTHY");

    // The older tab comes back with Okta's refusal.
    const olderState = new URL(older).searchParams.get("state") ?? "";
    const { target } = await callback(admin, new URLSearchParams({ state: olderState, error: "access_denied", error_description: "User cancelled" }));
    expect(target).toMatch(/^\/connections\?authorization=/);

    const after = await connection(id);
    expect(after).toMatchObject({ status: "HEALTHY", statusReason: null });
    expect(after.tokenSet?.accessToken).toBe(authorized.tokenSet?.accessToken);
    expect(await refreshWorks(id)).toBe(true);
  });
});

describe("a failure after Okta issued tokens", () => {
  /** Records the token responses the app receives from Okta while `run` runs. */
  async function capturingIssuedTokens(run: () => Promise<void>): Promise<{ access_token: string; refresh_token?: string }[]> {
    const issued: { access_token: string; refresh_token?: string }[] = [];
    const realFetch = globalThis.fetch;
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const response = await realFetch(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith("/oauth2/v1/token")) {
        const body = (await response.clone().json().catch(() => null)) as { access_token?: string; refresh_token?: string } | null;
        if (body?.access_token) issued.push({ access_token: body.access_token, ...(body.refresh_token ? { refresh_token: body.refresh_token } : {}) });
      }
      return response;
    });
    try {
      await run();
    } finally {
      spy.mockRestore();
    }
    return issued;
  }

  async function withTrigger(table: string, condition: string, run: () => Promise<void>): Promise<void> {
    await db().$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION injected_failure() RETURNS trigger AS $$ BEGIN IF ${condition} THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await db().$executeRawUnsafe(`CREATE TRIGGER injected_failure BEFORE INSERT OR UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION injected_failure()`);
    try {
      await run();
    } finally {
      await db().$executeRawUnsafe(`DROP TRIGGER IF EXISTS injected_failure ON "${table}"`);
      await db().$executeRawUnsafe(`DROP FUNCTION IF EXISTS injected_failure()`);
    }
  }

  async function expectRevoked(app: App, tokens: { access_token: string; refresh_token?: string }): Promise<void> {
    const basic = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`;
    const refresh = await fetch(`${sandbox.url}/oauth2/v1/token`, {
      method: "POST",
      headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: tokens.refresh_token ?? "" }).toString(),
    });
    expect(refresh.status).toBe(400);
    expect(((await refresh.json()) as { error?: string }).error).toBe("invalid_grant");
    const api = await fetch(`${sandbox.url}/api/v1/realms?limit=1`, { headers: { authorization: `Bearer ${tokens.access_token}`, accept: "application/json" } });
    expect(api.status).toBe(401);
  }

  it("saving the first authorization fails: an outcome with a reference, still Pending, the new tokens revoked, the verifier gone", async () => {
    const admin = await fx.createUser("ADMIN");
    const app = newApp();
    const { connectionId: id, authorizeUrl } = await create(admin, app);
    const query = await approveAtOkta(authorizeUrl);

    let result = { status: 0, target: "" };
    const issued = await capturingIssuedTokens(() =>
      withTrigger("Connection", `NEW."tokenSetEnc" IS DISTINCT FROM OLD."tokenSetEnc"`, async () => {
        result = await callback(admin, query);
      }),
    );

    const authorizationId = (await latestAuthorizationRow(id)).id;
    expect(result).toEqual({ status: 303, target: `/connections?authorization=${authorizationId}` });
    const outcome = await readAuthorizationOutcome(authorizationId, admin.userId);
    expect(outcome?.ok).toBe(false);
    expect(outcome?.message).toMatch(/could not be saved.*quote reference OKR-/);
    expect(outcome?.referenceId).toBeTruthy();
    expect(await connection(id)).toMatchObject({ status: "PENDING", tokenSet: null });
    expect((await latestAuthorizationRow(id)).codeVerifierEnc).toBe("");
    expect(await fx.auditEvents("connection.authorize", "FAILURE")).toEqual([expect.objectContaining({ connectionId: id, referenceId: outcome?.referenceId })]);
    expect(issued).toHaveLength(1);
    await expectRevoked(app, issued[0] ?? { access_token: "" });
  });

  it("auditing a reauthorization fails: nothing is replaced (secret, tokens), the new tokens are revoked", async () => {
    const admin = await fx.createUser("ADMIN");
    const app = newApp();
    const id = await authorizedConnection(admin, app);
    const before = await connection(id);
    const rotated = `rotated-${randomBytes(12).toString("hex")}`;
    const authorizeUrl = await reauthorize(admin, id, rotated);
    rotateAtOkta(app, rotated);
    const query = await approveAtOkta(authorizeUrl);

    let result = { status: 0, target: "" };
    const issued = await capturingIssuedTokens(() =>
      withTrigger("AuditEvent", `NEW."action" = 'connection.authorize' AND NEW."outcome" = 'SUCCESS'`, async () => {
        result = await callback(admin, query);
      }),
    );

    const authorizationId = (await latestAuthorizationRow(id)).id;
    expect(result).toEqual({ status: 303, target: `/connections?authorization=${authorizationId}` });
    const outcome = await readAuthorizationOutcome(authorizationId, admin.userId);
    expect(outcome?.message).toMatch(/keeps its previous authorization.*quote reference OKR-/);
    const after = await connection(id);
    expect(after.tokenSet?.refreshToken).toBe(before.tokenSet?.refreshToken);
    expect(after.clientSecret).toBe(before.clientSecret);
    expect(after.status).toBe("HEALTHY");
    const row = await latestAuthorizationRow(id);
    expect(row).toMatchObject({ codeVerifierEnc: "", clientSecretEnc: null });
    expect(await fx.auditEvents("connection.client_secret_replaced")).toHaveLength(0);
    expect(issued).toHaveLength(1);
    await expectRevoked({ ...app, clientSecret: rotated }, issued[0] ?? { access_token: "" });
  });
});
