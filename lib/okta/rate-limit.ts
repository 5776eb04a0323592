// Okta's rate-limit headers, read on every response (okta-facts §2.8): Limit and Remaining for the
// bucket this request counted against, Reset as UTC epoch seconds.

export type RateLimitInfo = {
  limit: number | undefined;
  remaining: number | undefined;
  /** When the window resets, epoch ms. */
  resetAtMs: number | undefined;
};

function intHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return undefined;
  return Number(raw.trim());
}

export function readRateLimit(headers: Headers): RateLimitInfo {
  const reset = intHeader(headers, "x-rate-limit-reset");
  return {
    limit: intHeader(headers, "x-rate-limit-limit"),
    remaining: intHeader(headers, "x-rate-limit-remaining"),
    resetAtMs: reset === undefined ? undefined : reset * 1000,
  };
}

/**
 * How long to wait after a 429 before the window resets. Measured against Okta's own `Date` header
 * when present, so a skewed local clock neither hammers Okta early nor sleeps needlessly long; the
 * header's one-second resolution only ever errs towards waiting a little longer.
 */
export function msUntilReset(headers: Headers, nowMs: number): number | undefined {
  const { resetAtMs } = readRateLimit(headers);
  if (resetAtMs === undefined) return undefined;
  const serverDate = Date.parse(headers.get("date") ?? "");
  const reference = Number.isFinite(serverDate) ? serverDate : nowMs;
  return Math.max(0, resetAtMs - reference);
}
