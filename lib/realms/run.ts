import "server-only";
import { openConnectionForCalls } from "@/lib/connections";
import type { AuditEntry } from "@/lib/audit/record";
import { createOktaClient, missingScopes, OktaInsufficientScopeError, parseOktaDomain, type OktaClient } from "@/lib/okta";
import { REALM_OPERATIONS, type RealmOperationName } from "./catalog";
import { realmDeps, type RealmDeps } from "./deps";
import { formFieldsOf, type FieldOf } from "./cause-fields";
import { toFailure } from "./failures";
import { knownNameOf, namedTarget, namesDb, rememberNames } from "./known-names";
import { reauthorizeHref, type Outcome, type RealmFailure } from "./outcome";
import { errorFields, logger } from "@/lib/observability/log";

/** Records an audit event as the caller (the guard's ctx.audit, or a page's member). */
export type RealmAuditor = (entry: Omit<AuditEntry, "actor">) => Promise<void>;

/** What the operation adds to its audit line as it learns it (the realm's name, counts, …). */
/**
 * What an operation learned for its audit line. `targetName` is the target's name at the time (a
 * realm's name): stored with the event, so the log still reads "Partners" after a rename or delete.
 */
export type AuditNote = { target?: string; targetName?: string; details: Record<string, unknown> };

export type OperationRequest = {
  operation: RealmOperationName;
  connectionId: string;
  audit: RealmAuditor;
  /** Human-readable target for the audit log ("realm:guo…", a login). */
  target?: string;
  /** The operation reads the target itself and names it (note.targetName): no lookup ahead; one only if it fails before naming it. */
  namesTarget?: true;
  details?: Record<string, unknown>;
  deps?: RealmDeps;
  /** Which Okta cause goes on which control of the form that was sent (default: the operation's, cause-fields.ts). */
  fieldOf?: FieldOf;
};

/** How long an operation reuses the access token it read (long listings re-read it, so refresh-ahead still applies). */
const TOKEN_REUSE_MS = 30_000;

export type OpenSession = {
  client: OktaClient;
  /** Okta's request id of the latest response (for the audit line). */
  lastRequestId(): string | undefined;
  requestCount(): number;
};

/**
 * Everything before the first Okta call: the connection exists and is authorized, it was granted
 * every scope the operation needs (refused here, without calling Okta, when not), and its domain is
 * one this installation allows. Refusals are audited as FAILURE.
 */
export async function openSession(req: OperationRequest): Promise<Outcome<OpenSession>> {
  const deps = req.deps ?? realmDeps();
  const fail = async (failure: RealmFailure, details: Record<string, unknown> = {}): Promise<Outcome<OpenSession>> => {
    await audit(req, "FAILURE", failure, undefined, details);
    return { ok: false, failure };
  };
  // One read serves the checks below and the first access token (lib/connections decrypts it).
  const opened = await openConnectionForCalls(deps.tokens, req.connectionId);
  if (!opened) {
    // No connectionId on the audit line: it would point at a row that doesn't exist.
    const failure: RealmFailure = { code: "connection_not_found", message: "This connection no longer exists. Pick another one on the Connections page." };
    await audit({ ...req, connectionId: "" }, "FAILURE", failure, undefined, { connectionId: req.connectionId });
    return { ok: false, failure };
  }
  if (opened.status === "PENDING" || opened.status === "NEEDS_REAUTH") {
    return fail({
      code: "connection_not_ready",
      message: opened.status === "PENDING" ? "This connection hasn't been authorized yet. Authorize it first." : "This connection needs to be reauthorized before it can be used.",
      reauthorizeHref: reauthorizeHref(opened.id),
    });
  }
  const okta = REALM_OPERATIONS[req.operation].okta;
  const missing = missingScopes(okta, opened.grantedScopes);
  if (missing.length > 0) {
    const error = new OktaInsufficientScopeError(missing, { operation: okta.join(",") });
    return fail(toFailure(error, opened.id).failure, { missingScopes: missing, checkedBeforeCalling: true });
  }
  const domain = parseOktaDomain(opened.oktaDomain, deps.domainRules);
  if (!domain.ok) {
    return fail({ code: "connection_not_ready", message: `This connection's Okta domain is no longer allowed here: ${domain.message}` });
  }
  void lookedUp(req); // knownNameOf never rejects
  let lastRequestId: string | undefined;
  let count = 0;
  // One token read (a query and a decryption) per operation rather than per Okta call; a forced
  // refresh (after a 401) always goes through.
  const provide = opened.accessToken;
  let reused: { token: Promise<string>; at: number } | undefined;
  const getAccessToken = (options?: { forceRefresh?: boolean }): Promise<string> => {
    if (!options?.forceRefresh && reused && Date.now() - reused.at < TOKEN_REUSE_MS) return reused.token;
    const token = provide(options);
    const entry = { token, at: Date.now() };
    reused = entry;
    token.catch(() => {
      if (reused === entry) reused = undefined; // a failed read is not reused
    });
    return token;
  };
  const client = createOktaClient({
    ...deps.okta,
    origin: domain.origin,
    getAccessToken,
    onCall: (info) => {
      count += 1;
      if (info.oktaRequestId) lastRequestId = info.oktaRequestId;
    },
  });
  return { ok: true, value: { client, lastRequestId: () => lastRequestId, requestCount: () => count } };
}

// The name of the request's target, looked up while Okta answers (started by openSession), so the
// audit line costs no extra round trip after the Okta calls.
const names = new WeakMap<OperationRequest, Promise<string | undefined>>();

function lookedUp(req: OperationRequest): Promise<string | undefined> {
  let found = names.get(req);
  if (!found) {
    found = !req.namesTarget && namedTarget(req.target) && req.connectionId ? knownNameOf(namesDb(req.deps), req.connectionId, req.target) : Promise.resolve(undefined);
    names.set(req, found);
  }
  return found;
}

async function audit(
  req: OperationRequest,
  outcome: "SUCCESS" | "FAILURE",
  failure: RealmFailure | undefined,
  oktaRequestId: string | undefined,
  extra: Record<string, unknown>,
  note?: AuditNote,
): Promise<void> {
  const target = note?.target ?? req.target ?? null;
  // The event carries the target's name: the one the operation saw, else the last one seen through
  // this connection (a realm's users are listed by id). A name seen here is remembered for later.
  const named = namedTarget(target);
  const db = named && req.connectionId ? namesDb(req.deps) : undefined;
  const targetName = note?.targetName ?? (db ? await (target === req.target && !req.namesTarget ? lookedUp(req) : knownNameOf(db, req.connectionId, target)) : undefined);
  const remembering = db && named && note?.targetName ? rememberNames(db, req.connectionId, named.kind, [{ id: named.id, name: note.targetName }]) : undefined;
  const entry: Omit<AuditEntry, "actor"> = {
    action: req.operation,
    outcome,
    connectionId: req.connectionId === "" ? null : req.connectionId,
    target,
    oktaRequestId: oktaRequestId ?? null,
    referenceId: failure?.referenceId ?? null,
    details: {
      ...req.details,
      ...note?.details,
      ...(targetName ? { targetName } : {}),
      ...extra,
      ...(failure ? { code: failure.code, message: failure.message, ...(failure.fieldErrors ? { fieldErrors: failure.fieldErrors } : {}) } : {}),
    },
  };
  try {
    await Promise.all([req.audit(entry), remembering]);
  } catch (error) {
    // The Okta change (if any) has happened; failing the operation now would tell the admin it didn't.
    logger("realms").error({ operation: req.operation, outcome, ...errorFields(error) }, `could not audit ${req.operation} (${outcome})`);
  }
}

/** Closes an operation opened with openSession: one audit line with Okta's request id. */
export async function finishOperation<T>(
  req: OperationRequest,
  session: OpenSession,
  result: { ok: true; value: T } | { ok: false; error: unknown },
  note?: AuditNote,
): Promise<Outcome<T>> {
  if (result.ok) {
    await audit(req, "SUCCESS", undefined, session.lastRequestId(), { oktaCalls: session.requestCount() }, note);
    return { ok: true, value: result.value };
  }
  const mapped = toFailure(result.error, req.connectionId, req.fieldOf ?? formFieldsOf(req.operation));
  if (mapped.internal !== undefined) {
    const reference = mapped.failure.referenceId ?? "-";
    logger("realms").error({ operation: req.operation, reference, ...errorFields(mapped.internal) }, `${req.operation} failed (reference ${reference})`);
  }
  await audit(req, "FAILURE", mapped.failure, mapped.oktaRequestId ?? session.lastRequestId(), { oktaCalls: session.requestCount() }, note);
  return { ok: false, failure: mapped.failure };
}

/**
 * Runs one realm operation: checks, the Okta calls in `fn`, and exactly one audit line with the
 * outcome and Okta's request id. Never throws for Okta or connection problems; returns them.
 */
export async function runRealmOperation<T>(req: OperationRequest, fn: (client: OktaClient, note: AuditNote) => Promise<T>): Promise<Outcome<T>> {
  const opened = await openSession(req);
  if (!opened.ok) return opened;
  const note: AuditNote = { details: {} };
  try {
    const value = await fn(opened.value.client, note);
    return finishOperation(req, opened.value, { ok: true, value }, note);
  } catch (error) {
    return finishOperation(req, opened.value, { ok: false, error }, note);
  }
}
