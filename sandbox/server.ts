import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ClaimStyle } from "./oauth/claim-style";
import type { AccessTokenInfo } from "./org/contract";
import type { SandboxClock } from "./org/clock";
import type { OrgStore } from "./org/store";
import type { OrgAuthorizationServer } from "./oauth";
import { readRawBody } from "./http/body";
import type { RequestCounters } from "./http/counters";
import type { Faults } from "./http/faults";
import { OktaError } from "./http/okta-error";
import { bucketFor, rateLimitHeaders, type RateLimiter } from "./http/rate-limit";
import { send, sendError } from "./http/respond";
import { authenticate, authorize } from "./management/auth";
import { matchRoute } from "./management/router";

/** Everything a request can touch. `store` is swapped on reset, so read it per request. */
export interface SandboxRuntime {
  mode: "test" | "local";
  orgUrl: string;
  store: OrgStore;
  clock: SandboxClock;
  limiter: RateLimiter;
  faults: Faults;
  counters: RequestCounters;
  latencyMs: number;
  apiToken: string;
  adminId(): string;
  as: OrgAuthorizationServer | null;
  /** Tokens minted in-process by tests (mintAccessToken); checked after the AS. */
  localTokens: Map<string, AccessTokenInfo>;
  /** How the org AS releases the signed-in person's claims (control plane: PUT /sign-in/claims). */
  claimStyle: ClaimStyle;
  /** Requests held open by a `hang` fault; destroyed on stop. */
  hung: Set<ServerResponse>;
}

export type ControlHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createSandboxServer(rt: SandboxRuntime, control: ControlHandler | null): Server {
  return createServer((req, res) => {
    dispatch(rt, control, req, res).catch((err: unknown) => {
      // Last line of defence: a sandbox bug becomes Okta's E0000009, never a dropped connection.
      console.error("[sandbox] internal error", err);
      sendError(res, new OktaError("E0000009"));
    });
  });
}

async function dispatch(rt: SandboxRuntime, control: ControlHandler | null, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", rt.orgUrl);
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname;
  // Like Okta: every response names its request (clients log it), and Date follows the org's clock
  // so a client that measures X-Rate-Limit-Reset against Date (as real Okta allows) waits correctly.
  res.setHeader("X-Okta-Request-Id", randomBytes(12).toString("base64url"));
  res.setHeader("Date", new Date(rt.clock.now()).toUTCString());

  if (path.startsWith("/__sandbox/")) {
    // The control plane exists only in test/local mode (the only modes there are; checked anyway).
    if (control && (rt.mode === "test" || rt.mode === "local")) return control(req, res, url);
    return send(res, 404, new OktaError("E0000007", `Resource not found: ${path}`).body());
  }
  const isOauth = path.startsWith("/oauth2/v1/") || path.startsWith("/.well-known/");
  if (!isOauth && !path.startsWith("/api/v1/")) {
    return send(res, 404, new OktaError("E0000007", `Resource not found: ${path}`).body());
  }

  rt.counters.count(`${method} ${isOauth ? path : (routeKey(method, path) ?? path)}`);
  if (!rt.limiter.tryAcquire()) {
    rt.counters.rateLimited++;
    const bucket = bucketFor(method, path);
    const reset = bucket ? rt.limiter.resetOf(bucket) : Math.ceil(rt.clock.now() / 1000) + 60;
    // Concurrency 429s report Limit and Remaining as 0 (okta-facts §2.8).
    return finish(rt, res, new OktaError("E0000047", undefined, [], rateLimitHeaders({ limit: 0, remaining: 0, reset })));
  }
  let released = false;
  const release = () => {
    if (!released) rt.limiter.release();
    released = true;
  };
  res.on("close", release);
  try {
    const bucket = bucketFor(method, path);
    if (bucket) {
      const d = rt.limiter.take(bucket);
      for (const [k, v] of Object.entries(rateLimitHeaders(d))) res.setHeader(k, v);
      if (!d.allowed) {
        rt.counters.rateLimited++;
        return finish(rt, res, new OktaError("E0000047"));
      }
    }
    const fault = rt.faults.decide(method, path);
    if (fault.rateLimited) {
      rt.counters.rateLimited++;
      res.setHeader("X-Rate-Limit-Remaining", "0");
      return finish(rt, res, new OktaError("E0000047"));
    }
    const latency = rt.latencyMs + fault.latencyMs;
    if (latency > 0) await sleep(latency);
    if (fault.hang) {
      rt.counters.faultsInjected++;
      rt.hung.add(res);
      res.on("close", () => rt.hung.delete(res));
      return;
    }
    if (fault.errorStatus !== null) {
      rt.counters.faultsInjected++;
      const error = fault.errorCauses
        ? new OktaError("E0000001", "request", fault.errorCauses, {}, fault.errorStatus)
        : new OktaError("E0000009", undefined, [], {}, fault.errorStatus);
      return finish(rt, res, error);
    }
    if (isOauth) {
      const handled = rt.as ? await rt.as.handle(req, res) : false;
      if (!handled) send(res, 404, new OktaError("E0000007", `Resource not found: ${path}`).body());
      return;
    }
    await handleManagement(rt, req, res, method, url);
  } catch (err) {
    if (err instanceof OktaError) return finish(rt, res, err);
    throw err;
  } finally {
    if (res.writableEnded) release();
  }
}

function routeKey(method: string, path: string): string | null {
  const m = matchRoute(method, path);
  return m.kind === "route" ? m.route.pattern : null;
}

function finish(rt: SandboxRuntime, res: ServerResponse, err: OktaError): void {
  rt.counters.status(err.status);
  sendError(res, err);
}

async function handleManagement(rt: SandboxRuntime, req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> {
  const path = url.pathname;
  const rawBody = await readRawBody(req);
  const match = matchRoute(method, path);
  if (match.kind === "not-found") throw new OktaError("E0000007", `Resource not found: ${path}`);
  if (match.kind === "method-not-allowed") throw new OktaError("E0000022", undefined, [], { Allow: match.allow.join(", ") });
  const store = rt.store;
  const principal = await authenticate(req.headers.authorization, path, {
    apiToken: rt.apiToken,
    apiTokenUserId: () => rt.adminId(),
    verifyAccessToken: async (token) => (rt.as ? await rt.as.verifyAccessToken(token) : null) ?? rt.localTokens.get(token) ?? null,
    nowMs: () => rt.clock.now(),
    orgUrl: rt.orgUrl,
  });
  const denied = authorize(principal, match.route, path, store, rt.orgUrl);
  if (denied) {
    rt.counters.status(denied.status);
    return send(res, denied.status, undefined, denied.headers);
  }
  // Realm-assignment operations complete as the sandbox clock passes their completion time.
  store.settleOperations();
  const result = match.route.handle({
    method,
    path,
    query: url.searchParams,
    headers: req.headers,
    rawBody,
    params: match.params,
    orgUrl: rt.orgUrl,
    store,
    principal,
  });
  rt.counters.status(result.status);
  send(res, result.status, result.body, result.headers);
}
