// One Okta HTTP exchange with the policies around it: origin pinning, bearer auth with a single forced
// refresh on 401, waiting out 429s until X-Rate-Limit-Reset, bounded retries of idempotent calls on
// 5xx/timeouts, per-attempt timeouts, and a report of every attempt (request id, rate limit, timing).
import { createOutboundFetch } from "../net/outbound-fetch";
import { findDisallowedAddress } from "../net/guarded-lookup";
import { recordOktaCall } from "../observability/metrics";
import { OktaOriginMismatchError, assertSameOrigin } from "./domain";
import { mapErrorResponse, parseErrorBody } from "./error-mapping";
import {
  type OktaErrorContext,
  OktaOutcomeUnknownError,
  OktaRateLimitedError,
  OktaUpstreamError,
  type UpstreamKind,
} from "./errors";
import { type HttpMethod, OKTA_OPERATIONS, type OktaOperation } from "./operations";
import { type RateLimitInfo, msUntilReset, readRateLimit } from "./rate-limit";
import { OPERATION_SCOPES } from "./scopes";

export type OktaCallInfo = {
  operation: OktaOperation;
  method: HttpMethod;
  /** Path only: the query can hold search terms (logins, emails) that don't belong in logs. */
  path: string;
  /** 0 when no response arrived (timeout or network failure; see `failure`). */
  status: number;
  oktaRequestId: string | undefined;
  durationMs: number;
  rateLimit: RateLimitInfo;
  /** 1 for the first attempt of a call, then 2, 3… for refresh, 429 and 5xx retries. */
  attempt: number;
  failure?: "timeout" | "network";
};

export type OktaGovernor = {
  /** Resolves when a request against this bucket may go out (e.g. a shared per-org budget). */
  acquire(bucketKey: string): Promise<void>;
  /** Sees the rate-limit headers of every response for the bucket. */
  observe(bucketKey: string, headers: Headers): void;
};

export type OktaRetryOptions = {
  /** Retries of idempotent calls after a 5xx, timeout or network failure. Default 3. */
  maxRetries?: number;
  /** First backoff step; doubles per retry, with jitter. Default 300 ms. */
  baseDelayMs?: number;
  /** Backoff ceiling. Default 5 s. */
  maxDelayMs?: number;
  /** How many 429s one call may wait out. Default 3. */
  maxRateLimitWaits?: number;
  /**
   * Longest single wait for a rate-limit reset; a later reset fails at once with RateLimited.
   * Default 65 s: one Okta window (60 s) plus the rounding of Reset and Date to whole seconds.
   */
  maxRateLimitWaitMs?: number;
  /** Random extra wait after the reset, so parallel callers don't stampede. Default up to 500 ms. */
  rateLimitJitterMs?: number;
  /**
   * Longest a call spends on attempts that end in 5xx, timeouts or network failures, retries
   * included (429 waits don't count): a retry's timeout is cut to fit, and no retry starts without
   * at least a second left. Keeps an unresponsive Okta from holding a screen for 4 × the timeout
   * (a minute, past most proxies' limits) before the admin hears why. Default 30 s.
   */
  retryBudgetMs?: number;
};

export type TransportOptions = {
  /** The connection's validated origin, e.g. https://acme.okta.com (see parseOktaDomain). */
  origin: string;
  getAccessToken: (opts?: { forceRefresh?: boolean }) => Promise<string>;
  /** "SSWS" for API tokens (scripts, the sandbox's admin token); connections use OAuth, the default. */
  authorizationScheme?: "Bearer" | "SSWS";
  /**
   * Tests only. The default is the outbound guard (lib/net): public addresses only, checked after DNS
   * and pinned for the connection, no redirects.
   */
  fetch?: typeof fetch;
  /**
   * Origins the default fetch may reach on non-public addresses. Default: the pinned origin when it
   * is plain http, because parseOktaDomain only ever yields an http origin for an entry of
   * DEV_OKTA_HTTP_ORIGINS (the sandbox); an https origin is always held to public addresses.
   */
  exemptOrigins?: readonly string[];
  /** Per attempt, headers and body included. Default 15 s. */
  timeoutMs?: number;
  retry?: OktaRetryOptions;
  onCall?: (info: OktaCallInfo) => void;
  governor?: OktaGovernor;
  /** Injectable for tests; must reject with the signal's reason when it aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
};

export type RawResponse = {
  status: number;
  headers: Headers;
  bodyText: string;
  url: string;
  oktaRequestId: string | undefined;
};

export type RequestSpec = {
  operation: OktaOperation;
  /** Absolute URL on the connection's origin (built from the operation, or a Link rel="next"). */
  url: string;
  body?: unknown;
  signal?: AbortSignal;
};

export const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Errors where the request certainly never reached Okta, so even a POST can be sent again. */
function neverSent(error: unknown): boolean {
  const code = (value: unknown): string | undefined =>
    typeof value === "object" && value !== null && "code" in value && typeof value.code === "string" ? value.code : undefined;
  const cause = error instanceof Error ? error.cause : undefined;
  const c = code(cause) ?? code(error);
  return c === "ECONNREFUSED" || c === "ENOTFOUND" || c === "EAI_AGAIN";
}

export type Transport = {
  readonly origin: string;
  send(spec: RequestSpec): Promise<RawResponse>;
};

/**
 * Runs an observer (onCall, governor.observe) without letting it fail the call: a throwing audit
 * hook must not turn a create Okta already applied into an error the admin would retry.
 */
function observe(fn: () => void): void {
  try {
    fn();
  } catch {
    // Deliberately ignored; see above.
  }
}

export function createTransport(options: TransportOptions): Transport {
  const origin = new URL(options.origin).origin;
  if (origin !== options.origin.replace(/\/$/, "")) {
    throw new TypeError("origin must be a bare origin such as https://acme.okta.com (see parseOktaDomain)");
  }
  const fetchImpl = options.fetch ?? createOutboundFetch({ exemptOrigins: options.exemptOrigins ?? (origin.startsWith("http:") ? [origin] : []) });
  const timeoutMs = options.timeoutMs ?? 15_000;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const scheme = options.authorizationScheme ?? "Bearer";
  const retry = {
    maxRetries: options.retry?.maxRetries ?? 3,
    baseDelayMs: options.retry?.baseDelayMs ?? 300,
    maxDelayMs: options.retry?.maxDelayMs ?? 5_000,
    maxRateLimitWaits: options.retry?.maxRateLimitWaits ?? 3,
    maxRateLimitWaitMs: options.retry?.maxRateLimitWaitMs ?? 65_000,
    rateLimitJitterMs: options.retry?.rateLimitJitterMs ?? 500,
    retryBudgetMs: options.retry?.retryBudgetMs ?? 30_000,
  };
  /** A retry shorter than this isn't worth starting. */
  const MIN_RETRY_ATTEMPT_MS = 1_000;

  /** "Equal jitter": half the exponential step fixed, half random, so retries spread but still back off. */
  const backoff = (retryNumber: number): number => {
    const step = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (retryNumber - 1));
    return step / 2 + random() * (step / 2);
  };

  const report = (info: OktaCallInfo): void => {
    const op = OKTA_OPERATIONS[info.operation];
    recordOktaCall({
      origin,
      operation: info.operation,
      bucket: `${op.method} ${op.path}`,
      status: info.status,
      durationMs: info.durationMs,
      remaining: info.rateLimit.remaining,
    });
    observe(() => options.onCall?.(info));
  };

  async function send(spec: RequestSpec): Promise<RawResponse> {
    const op = OKTA_OPERATIONS[spec.operation];
    let url: URL;
    try {
      url = assertSameOrigin(spec.url, origin);
    } catch (e) {
      if (e instanceof OktaOriginMismatchError) throw new OktaUpstreamError("off_origin", { operation: spec.operation }, { cause: e });
      throw e;
    }
    const bucketKey = `${origin} ${op.method} ${op.path}`;
    const context = (oktaRequestId?: string): OktaErrorContext => ({ operation: spec.operation, oktaRequestId });
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);

    let attempt = 0;
    // The retry budget's end; pushed back by time spent waiting for the governor, a token or a 429's reset.
    let budgetEndsAt = now() + retry.retryBudgetMs;
    /** Whether a retry after `delayMs` of backoff still has time for a meaningful attempt. */
    const retryFits = (delayMs: number): boolean => now() + delayMs + Math.min(timeoutMs, MIN_RETRY_ATTEMPT_MS) <= budgetEndsAt;
    let retries = 0;
    let rateLimitWaits = 0;
    let refreshed = false;
    let refreshNext = false;

    for (;;) {
      attempt++;
      const queued = now();
      await options.governor?.acquire(bucketKey);
      let token: string;
      try {
        token = await options.getAccessToken(refreshNext ? { forceRefresh: true } : undefined);
      } catch (error) {
        // Nothing was sent: hand the granted slot back (a held probe would stall the bucket for everyone).
        observe(() => options.governor?.observe(bucketKey, new Headers()));
        throw error;
      }
      refreshNext = false;
      // Waiting for our turn (pacing) or a token isn't Okta being slow: it doesn't use up the budget.
      budgetEndsAt += now() - queued;

      const timeout = AbortSignal.timeout(retries === 0 ? timeoutMs : Math.max(1, Math.min(timeoutMs, budgetEndsAt - now())));
      const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
      const started = now();
      let response: Response;
      let bodyText: string;
      try {
        // The string as given (a Link target is followed verbatim, not re-serialised).
        response = await fetchImpl(spec.url, {
          method: op.method,
          headers: {
            Authorization: `${scheme} ${token}`,
            Accept: "application/json",
            ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          },
          body,
          // Never follow: a redirect could carry the bearer token to another host.
          redirect: "manual",
          signal,
        });
        bodyText = await response.text();
      } catch (error) {
        // The attempt is over without an answer: the governor gets its place back now (a shared
        // governor would otherwise count it in flight, and hold a first "probe" of the bucket, until
        // its lease lapses), learning nothing from the empty headers.
        observe(() => options.governor?.observe(bucketKey, new Headers()));
        if (spec.signal?.aborted) throw spec.signal.reason;
        const disallowed = findDisallowedAddress(error);
        const failure = timeout.aborted ? "timeout" : "network";
        report({
          operation: spec.operation,
          method: op.method,
          path: url.pathname,
          status: 0,
          oktaRequestId: undefined,
          durationMs: now() - started,
          rateLimit: { limit: undefined, remaining: undefined, resetAtMs: undefined },
          attempt,
          failure,
        });
        if (disallowed) {
          // Refused before connecting: nothing reached anyone, and repeating would be refused again.
          throw new OktaUpstreamError("network", context(), { cause: error, message: `${disallowed.message} Check the connection's domain.` });
        }
        const safeToRepeat = op.idempotent || neverSent(error);
        const delayMs = backoff(retries + 1);
        if (safeToRepeat && retries < retry.maxRetries && retryFits(delayMs)) {
          retries++;
          await sleep(delayMs, spec.signal);
          continue;
        }
        const kind: UpstreamKind = failure;
        throw safeToRepeat ? new OktaUpstreamError(kind, context(), { cause: error }) : new OktaOutcomeUnknownError(kind, context(), { cause: error });
      }

      const { status, headers } = response;
      const oktaRequestId = headers.get("x-okta-request-id") ?? undefined;
      const rateLimit = readRateLimit(headers);
      observe(() => options.governor?.observe(bucketKey, headers));
      report({
        operation: spec.operation,
        method: op.method,
        path: url.pathname,
        status,
        oktaRequestId,
        durationMs: now() - started,
        rateLimit,
        attempt,
      });

      if (response.type === "opaqueredirect" || (status >= 300 && status < 400)) {
        throw new OktaUpstreamError("redirect", { ...context(oktaRequestId), status });
      }
      if (status >= 200 && status < 300) return { status, headers, bodyText, url: url.href, oktaRequestId };

      if (status === 401 && !refreshed && parseErrorBody(bodyText)?.errorCode !== "E0000015") {
        // The access token may have expired or been revoked since it was cached: one fresh token, once.
        // A 401 means Okta did nothing, so this is safe for POSTs too.
        refreshed = true;
        refreshNext = true;
        continue;
      }

      if (status === 429) {
        const waitMs = msUntilReset(headers, now()) ?? backoff(rateLimitWaits + 1);
        const retryAt = rateLimit.resetAtMs === undefined ? undefined : new Date(rateLimit.resetAtMs);
        if (rateLimitWaits >= retry.maxRateLimitWaits || waitMs > retry.maxRateLimitWaitMs) {
          throw new OktaRateLimitedError(retryAt, { ...context(oktaRequestId), status, oktaErrorCode: "E0000047" });
        }
        rateLimitWaits++;
        // A 429 is a refusal, not a partial success: repeating it is safe for any method.
        const waitStarted = now();
        await sleep(waitMs + random() * retry.rateLimitJitterMs, spec.signal);
        budgetEndsAt += now() - waitStarted;
        continue;
      }

      if (status >= 500) {
        const delayMs = backoff(retries + 1);
        if (op.idempotent && retries < retry.maxRetries && retryFits(delayMs)) {
          retries++;
          await sleep(delayMs, spec.signal);
          continue;
        }
        const ctx = { ...context(oktaRequestId), status, oktaErrorCode: parseErrorBody(bodyText)?.errorCode };
        throw op.idempotent ? new OktaUpstreamError("server_error", ctx) : new OktaOutcomeUnknownError("server_error", ctx);
      }

      if (status === 404 && op.method === "DELETE" && retries > 0) {
        // An earlier attempt timed out or failed with a 5xx after Okta had already deleted the object.
        return { status: 204, headers, bodyText: "", url: url.href, oktaRequestId };
      }
      throw mapErrorResponse({
        status,
        headers,
        bodyText,
        resource: op.resource,
        operationScopes: OPERATION_SCOPES[spec.operation],
        context: context(oktaRequestId),
      });
    }
  }

  return { origin, send };
}
