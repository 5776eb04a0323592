// OAuth callback attacks against a real authorization at the sandbox Okta org (oidc-provider: PKCE
// S256, single-use codes, `iss` on the redirect), through the real actions and callback route.
// Member A authorizes a connection; then every attack below is delivered to the callback. Each must
// be refused with a message an admin can act on (asserted by its text), store nothing (the
// connection's tokens, secret, status, scopes and version unchanged, no new connection), leave no
// token issued at Okta (the AS's tokens-issued counter doesn't move), record a FAILURE audit event
// for the member who delivered it, and leak no secret into the redirect, outcome, audit or logs.
import { randomBytes } from "node:crypto";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSandbox } from "@/sandbox";
import { decryptValue, encryptValue } from "@/lib/crypto";
import { reportFigures } from "@/tests/verify/report";
import type { App } from "./testing/sandbox-flow";
import { captureAppLogs } from "@/tests/support/captured-logs";

vi.mock("server-only", () => ({}));

// Before anything reads env(): the sandbox org is plain http.
const sandbox = await startSandbox({ mode: "test" });
process.env.DEV_OKTA_HTTP_ORIGINS = [process.env.DEV_OKTA_HTTP_ORIGINS, sandbox.url].filter(Boolean).join(",");

const fx = await import("@/tests/support/team-fixtures");
const { createConnectionAction } = await import("@/lib/actions/connections/create-connection");
const { reauthorizeConnectionAction } = await import("@/lib/actions/connections/reauthorize-connection");
const { db } = await import("@/lib/db");
const { getAccessToken, loadDecryptedConnection } = await import("@/lib/connections");
const { connectionDeps } = await import("@/lib/connections/server");
const { connectionRedirectUri } = await import("./server");
const { sandboxFlow } = await import("./testing/sandbox-flow");
const { readAuthorizationOutcome } = await import("./read-outcome");
const { hashState } = await import("./pending");
const { STATE_FAILURES } = await import("./outcome");

type Member = Awaited<ReturnType<typeof fx.createUser>>;
type StateFailure = keyof typeof STATE_FAILURES;

const HOSTILE_DESCRIPTION = `<script>alert(document.cookie)</script> client_secret=${randomBytes(8).toString("hex")}`;

const { newApp, approve, callback } = sandboxFlow(sandbox);
const tokensIssued = () => sandbox.control.counters().authorizationServer?.tokensIssued ?? Number.NaN;

// ---- the scene: A's connection, authorized through the real flow ----

let appA: App;
let otherApp: App;
let memberA: Member;
let memberB: Member;
let connectionId = "";
let firstCallback = new URLSearchParams();
const logs: string[] = [];
/** Every PKCE verifier of A's flows: none may surface anywhere either. */
const verifiers: string[] = [];
const rows: [string, string][] = [];
const figures = { attacks: 0, attacks_rejected: 0, leaks: 0 };

/** A fresh (re)authorization started by A: its state, its pending row and, if approved, Okta's real redirect. */
async function startFlow(approved = true): Promise<{ state: string; authorizationId: string; query: URLSearchParams }> {
  fx.actAs(memberA);
  const result = await reauthorizeConnectionAction({ id: connectionId });
  if (!result.ok) throw new Error(`reauthorize failed: ${JSON.stringify(result.error)}`);
  const state = new URL(result.data.authorizeUrl).searchParams.get("state") ?? "";
  const row = await db().connectionAuthorization.findUniqueOrThrow({ where: { stateHash: hashState(state) } });
  verifiers.push(decryptValue(connectionDeps().keyring, row.codeVerifierEnc, `connectionAuthorization:${row.id}:codeVerifier`));
  const query = approved ? await approve(result.data.authorizeUrl) : new URLSearchParams({ state });
  return { state, authorizationId: row.id, query };
}

/** What "nothing stored" compares: every credential-bearing column of A's connection, and how many connections exist. */
async function stored() {
  const row = await db().connection.findUniqueOrThrow({ where: { id: connectionId } });
  return {
    tokenSetEnc: row.tokenSetEnc,
    clientSecretEnc: row.clientSecretEnc,
    status: row.status,
    statusReason: row.statusReason,
    grantedScopes: row.grantedScopes,
    authorizedSub: row.authorizedSub,
    version: row.version,
    connections: await db().connection.count(),
  };
}

const failures = (member: Member) => db().auditEvent.findMany({ where: { action: "connection.authorize", outcome: "FAILURE", actorId: member.userId }, orderBy: { at: "asc" } });

type Expected = { stateFailure: StateFailure } | { message: RegExp };

/**
 * Delivers `query` to the callback as `member` and checks the whole contract. `secrets`: values
 * that must appear nowhere the member, the audit log or the server log can see.
 */
async function attack(name: string, member: Member, query: URLSearchParams, expected: Expected, secrets: string[] = []): Promise<void> {
  figures.attacks++;
  const before = await stored();
  const issuedBefore = tokensIssued();
  const auditBefore = (await failures(member)).length;
  logs.length = 0;

  const result = await callback(member, query);

  expect(result.status, name).toBe(303);
  let message: string;
  let outcomeJson = "";
  let reason: string;
  if ("stateFailure" in expected) {
    expect(result.target, name).toBe(`/connections?authorizationError=${expected.stateFailure}`);
    message = STATE_FAILURES[expected.stateFailure];
    reason = expected.stateFailure;
  } else {
    const authorizationId = /^\/connections\?authorization=([^&]+)$/.exec(result.target)?.[1] ?? "";
    const outcome = await readAuthorizationOutcome(decodeURIComponent(authorizationId), member.userId);
    expect(outcome?.ok, name).toBe(false);
    message = outcome?.message ?? "";
    expect(message, name).toMatch(expected.message);
    outcomeJson = JSON.stringify(outcome);
    reason = outcome?.oktaError ? `Okta: ${outcome.oktaError}` : "refused before redeeming the code";
  }
  expect(await stored(), name).toEqual(before);
  expect(tokensIssued(), `${name}: tokens issued at Okta`).toBe(issuedBefore);
  const audit = await failures(member);
  expect(audit.length, `${name}: FAILURE audit events`).toBe(auditBefore + 1);

  const conn = await loadDecryptedConnection(connectionDeps(), connectionId);
  const corpus = [result.target, outcomeJson, JSON.stringify(audit.slice(auditBefore)), logs.join("\n"), conn?.statusReason ?? ""].join("\n");
  const secretValues = [appA.clientSecret, otherApp.clientSecret, conn?.tokenSet?.accessToken, conn?.tokenSet?.refreshToken, HOSTILE_DESCRIPTION, ...verifiers, ...secrets];
  const leaked = secretValues.filter((s): s is string => typeof s === "string" && s.length >= 8 && corpus.includes(s));
  figures.leaks += leaked.length;
  expect(leaked, `${name}: secrets in the redirect, outcome, audit or logs`).toEqual([]);

  figures.attacks_rejected++;
  rows.push([name, `rejected (${reason}); nothing stored, no token issued, audited`]);
}

beforeAll(async () => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(" ")));
  captureAppLogs((line) => void logs.push(line));
  await fx.resetTeam();
  memberA = await fx.createUser("ADMIN");
  memberB = await fx.createUser("ADMIN");
  appA = newApp();
  otherApp = newApp();
  fx.actAs(memberA);
  const created = await createConnectionAction({
    nickname: `attacks-${randomBytes(3).toString("hex")}`,
    domain: new URL(sandbox.url).host,
    clientId: appA.clientId,
    clientSecret: appA.clientSecret,
    scopeMode: "default",
  });
  if (!created.ok) throw new Error(`create failed: ${JSON.stringify(created.error)}`);
  connectionId = created.data.connectionId;
  firstCallback = await approve(created.data.authorizeUrl);
  expect(firstCallback.get("iss")).toBe(sandbox.url);
  expect((await callback(memberA, firstCallback)).status).toBe(303);
  expect(await stored()).toMatchObject({ status: "HEALTHY" });
});

afterAll(async () => {
  vi.restoreAllMocks();
  reportFigures({ suite: "oauth attacks", counts: figures, rows });
  await sandbox.stop();
});

describe("OAuth callback attacks on a real authorization", () => {
  it("a replayed callback (the state already used) is refused", async () => {
    await attack("replayed callback", memberA, firstCallback, { stateFailure: "replayed_state" }, [firstCallback.get("code") ?? ""]);
  });

  it("A's state and code delivered in B's session are refused, and A's flow is not burned", async () => {
    const flow = await startFlow();
    await attack("A's state+code in B's session", memberB, flow.query, { stateFailure: "foreign_state" }, [flow.query.get("code") ?? ""]);
    expect((await db().connectionAuthorization.findUniqueOrThrow({ where: { id: flow.authorizationId } })).consumedAt).toBeNull();
    // The same pending flow, with a code Okta issued to another OAuth app (the attacker's), under A's state.
    const foreign = new URL(`${sandbox.url}/oauth2/v1/authorize`);
    foreign.search = new URLSearchParams({
      client_id: otherApp.clientId,
      response_type: "code",
      scope: "openid okta.realms.read",
      redirect_uri: connectionRedirectUri(),
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: "S256",
    }).toString();
    const otherCode = (await approve(foreign.href)).get("code") ?? "";
    expect(otherCode).not.toBe("");
    const query = new URLSearchParams({ code: otherCode, state: flow.state, iss: sandbox.url });
    await attack("code issued to another client, under A's state", memberA, query, { message: /not issued to this connection's OAuth app/ }, [otherCode]);
  });

  it("a code already redeemed, replayed under a fresh state, is refused", async () => {
    const flow = await startFlow(false);
    const code = firstCallback.get("code") ?? "";
    await attack("code reused with a fresh state", memberA, new URLSearchParams({ code, state: flow.state, iss: sandbox.url }), { message: /was already used/ }, [code]);
  });

  it("an iss of another issuer (mix-up), or none although the org sends it, is refused before the code is redeemed", async () => {
    const metadata = (await (await fetch(`${sandbox.url}/.well-known/openid-configuration?client_id=${appA.clientId}`)).json()) as Record<string, unknown>;
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);

    const mixed = await startFlow();
    mixed.query.set("iss", "https://attacker.okta.com");
    await attack("iss of another issuer", memberA, mixed.query, { message: /different authorization server \(issuer\)/ }, [mixed.query.get("code") ?? ""]);

    const missing = await startFlow();
    missing.query.delete("iss");
    await attack("iss missing", memberA, missing.query, { message: /didn't say which authorization server sent it/ }, [missing.query.get("code") ?? ""]);
  });

  it("a missing or altered PKCE verifier on the pending row is refused", async () => {
    const keyring = connectionDeps().keyring;
    const verifierContext = (id: string) => `connectionAuthorization:${id}:codeVerifier`;

    const blanked = await startFlow();
    await db().connectionAuthorization.update({ where: { id: blanked.authorizationId }, data: { codeVerifierEnc: "" } });
    await attack("PKCE verifier missing", memberA, blanked.query, { stateFailure: "unreadable_state" }, [blanked.query.get("code") ?? ""]);

    const swapped = await startFlow();
    const otherVerifier = oidc.randomPKCECodeVerifier();
    await db().connectionAuthorization.update({ where: { id: swapped.authorizationId }, data: { codeVerifierEnc: encryptValue(keyring, otherVerifier, verifierContext(swapped.authorizationId)) } });
    await attack("PKCE verifier replaced", memberA, swapped.query, { message: /refused the authorization code/ }, [swapped.query.get("code") ?? "", otherVerifier]);

    // Another row's (valid) envelope: bound to that row by its AAD, so it doesn't decrypt here.
    const donor = await startFlow(false);
    const copied = await startFlow();
    const donorRow = await db().connectionAuthorization.findUniqueOrThrow({ where: { id: donor.authorizationId } });
    await db().connectionAuthorization.update({ where: { id: copied.authorizationId }, data: { codeVerifierEnc: donorRow.codeVerifierEnc } });
    await attack("PKCE verifier copied from another flow", memberA, copied.query, { stateFailure: "unreadable_state" }, [copied.query.get("code") ?? ""]);
    // Refused claims keep nothing secret on the row.
    const after = await db().connectionAuthorization.findUniqueOrThrow({ where: { id: copied.authorizationId } });
    expect(after).toMatchObject({ codeVerifierEnc: "", clientSecretEnc: null });
    expect(after.consumedAt).not.toBeNull();
  });

  it("an expired state, a forged one, an oversize one and garbage are refused", async () => {
    const late = await startFlow();
    await db().connectionAuthorization.update({ where: { id: late.authorizationId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await attack("expired state", memberA, late.query, { stateFailure: "expired_state" }, [late.query.get("code") ?? ""]);

    const code = late.query.get("code") ?? "";
    const withState = (state: string) => new URLSearchParams({ code, state, iss: sandbox.url });
    await attack("forged state", memberA, withState(oidc.randomState()), { stateFailure: "unknown_state" }, [code]);
    await attack("oversize state (6,000 chars)", memberA, withState("A".repeat(6000)), { stateFailure: "unknown_state" }, [code]);
    await attack("garbage state", memberA, withState("\u0000<script>'\"\r\n\uFFFD%FF../"), { stateFailure: "unknown_state" }, [code]);
    // Our state first, a second one after it: openid-client refuses a repeated parameter.
    const twice = await startFlow();
    twice.query.append("state", oidc.randomState());
    await attack("state repeated", memberA, twice.query, { message: /failed verification.*Nothing was saved/ }, [twice.query.get("code") ?? ""]);
  });

  it("Okta's error= with a hostile error_description is shown as our own text, and a hostile error code is not echoed", async () => {
    const denied = await startFlow(false);
    const query = new URLSearchParams({ state: denied.state, error: "access_denied", error_description: HOSTILE_DESCRIPTION, iss: sandbox.url });
    await attack("error=access_denied with a hostile description", memberA, query, { message: /Assign the account to the app/ });

    const weird = await startFlow(false);
    const hostileCode = `<img src=x onerror=alert(1)>\r\n[connections] forged log line ${randomBytes(4).toString("hex")}`;
    await attack("hostile error code", memberA, new URLSearchParams({ state: weird.state, error: hostileCode, iss: sandbox.url }), { message: /Okta refused the authorization \(unexpected error\)/ }, [hostileCode, hostileCode.slice(0, 40)]);
    const [last] = (await failures(memberA)).slice(-1);
    expect(last?.details).toMatchObject({ oktaError: "malformed_error_code" });
  });

  it("after every attack, A's connection still works on the tokens of its one real authorization", async () => {
    const before = await loadDecryptedConnection(connectionDeps(), connectionId);
    const token = await getAccessToken(connectionDeps(), connectionId, { forceRefresh: true });
    expect(token.accessToken).not.toBe(before?.tokenSet?.accessToken);
    expect(figures.attacks).toBeGreaterThan(0);
    expect(figures).toEqual({ attacks: figures.attacks, attacks_rejected: figures.attacks, leaks: 0 });
  });
});
