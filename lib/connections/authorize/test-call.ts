import "server-only";
import { env } from "@/lib/env";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";
import { createOktaClient, isOktaError, OktaInsufficientScopeError, OktaUnauthorizedError, parseOktaDomain } from "@/lib/okta";
import { newReferenceId } from "@/lib/okta/reference-id";
import { errorFields, logger } from "@/lib/observability/log";
import { accessTokenProvider, scopeDriftReason } from "../access-token";
import { ConnectionError } from "../errors";
import { getConnectionSummary, markConnectionStatus } from "../repository";
import { connectionDeps } from "../server";
import type { Actor, ConnectionSummary } from "../types";
import { ALWAYS_REQUESTED_SCOPES } from "./scopes";

// The Test action's call: a forced token refresh (proves the refresh token still works) and
// GET /api/v1/realms?limit=1 through lib/okta (proves the token, the okta.realms.read grant and the
// org's Realms feature). Failures come back as data with the fix, and update the status.

export type ConnectionTestResult =
  | { healthy: true; latencyMs: number; grantedScopes: string[]; missingRequired: string[]; oktaRequestId?: string; message: string }
  | {
      healthy: false;
      code: string;
      message: string;
      status: ConnectionStatus;
      referenceId?: string;
      missingScopes?: string[];
      needsReauthorization: boolean;
      oktaRequestId?: string;
    };

export async function runConnectionTest(summary: ConnectionSummary, actor: Actor): Promise<ConnectionTestResult> {
  const deps = connectionDeps();
  const e = env();
  const domain = parseOktaDomain(summary.oktaDomain, { allowedDomains: e.OKTA_ALLOWED_DOMAINS, devHttpOrigins: e.DEV_OKTA_HTTP_ORIGINS });
  const setStatus = async (status: ConnectionStatus, reason: string | null) => {
    if (summary.status !== status || summary.statusReason !== reason) await markConnectionStatus(deps.db, summary.id, { status, reason, actor });
    return status;
  };
  if (!domain.ok) {
    const message = `This connection's domain is no longer accepted: ${domain.message}`;
    return { healthy: false, code: "domain", message, status: await setStatus("DEGRADED", message), needsReauthorization: false };
  }

  const provider = accessTokenProvider(deps, summary.id);
  let first = true;
  let oktaRequestId: string | undefined;
  let scopes: string[] = summary.grantedScopes;
  const client = createOktaClient({
    origin: domain.origin,
    getAccessToken: async (options) => {
      const forceRefresh = first || options?.forceRefresh === true;
      first = false;
      return provider({ forceRefresh });
    },
    onCall: (info) => {
      oktaRequestId = info.oktaRequestId ?? oktaRequestId;
    },
  });

  const started = performance.now();
  try {
    for await (const page of client.realms.list({ limit: 1 }).pages({ maxRecords: 1 })) {
      oktaRequestId = page.oktaRequestId ?? oktaRequestId;
      break;
    }
  } catch (error) {
    return failure(error, summary, setStatus, oktaRequestId);
  }
  const latencyMs = Math.round(performance.now() - started);
  const fresh = await deps.db.connection.findUnique({ where: { id: summary.id }, select: { grantedScopes: true, lostScopes: true } });
  scopes = fresh?.grantedScopes ?? scopes;
  // Scope drift (lostScopes) stays marked until a reauthorization, even though the test call works.
  const lost = fresh?.lostScopes ?? [];
  if (lost.length > 0) await setStatus("DEGRADED", scopeDriftReason(lost));
  else await setStatus("HEALTHY", null);
  const missingRequired = ALWAYS_REQUESTED_SCOPES.filter((s) => !scopes.includes(s));
  return {
    healthy: true,
    latencyMs,
    grantedScopes: scopes,
    missingRequired,
    ...(oktaRequestId ? { oktaRequestId } : {}),
    message: `Connection works: Okta answered in ${latencyMs} ms.`,
  };
}

async function failure(
  error: unknown,
  summary: ConnectionSummary,
  setStatus: (status: ConnectionStatus, reason: string | null) => Promise<ConnectionStatus>,
  oktaRequestId: string | undefined,
): Promise<ConnectionTestResult> {
  const request = oktaRequestId ? { oktaRequestId } : {};
  if (error instanceof ConnectionError) {
    if (error.code === "NOT_AUTHORIZED") {
      return { healthy: false, code: "not_authorized", message: "This connection hasn't been authorized yet. Authorize it first.", status: summary.status, needsReauthorization: true };
    }
    // The token lifecycle has already set NEEDS_REAUTH or DEGRADED with this reason.
    const now = await getConnectionSummary(connectionDeps().db, summary.id);
    return { healthy: false, code: error.code.toLowerCase(), message: error.message, status: now?.status ?? summary.status, needsReauthorization: error.code === "NEEDS_REAUTH" };
  }
  if (isOktaError(error)) {
    const pub = error.toPublic();
    const reauth = error instanceof OktaInsufficientScopeError || error instanceof OktaUnauthorizedError;
    const status = await setStatus(reauth ? "NEEDS_REAUTH" : "DEGRADED", pub.message);
    return {
      healthy: false,
      code: pub.code,
      message: pub.message,
      status,
      referenceId: pub.referenceId,
      ...(pub.missingScopes ? { missingScopes: pub.missingScopes } : {}),
      needsReauthorization: reauth,
      ...(error.oktaRequestId ? { oktaRequestId: error.oktaRequestId } : request),
    };
  }
  const referenceId = newReferenceId();
  logger("connections").error({ connectionId: summary.id, reference: referenceId, ...errorFields(error) }, `test of ${summary.id} failed (reference ${referenceId})`);
  const message = `The test failed unexpectedly. Try again; if it keeps happening, quote reference ${referenceId}.`;
  return { healthy: false, code: "internal", message, status: await setStatus("DEGRADED", message), referenceId, needsReauthorization: false, ...request };
}
