// An in-memory rate-limit governor: it watches X-Rate-Limit-Remaining and holds requests back until
// the reset once a bucket is down to `reserve`, instead of running into 429s. The realm screens use
// it with reserve 0 (lib/realms/deps.ts: hold only once Okta says the bucket is spent); bulk jobs
// use the Postgres-shared one (postgres-governor.ts). One per process is enough: bucket keys carry
// the org's origin.
import { msUntilReset, readRateLimit } from "./rate-limit";
import { defaultSleep, type OktaGovernor } from "./transport";

export type BucketState = { limit: number | undefined; remaining: number; resetAtMs: number };

export type RateLimitGovernorOptions = {
  /** Requests kept back per bucket for other callers. Default 10% of the limit, at least 1. */
  reserve?: number;
  /** Longest single hold. Default 65 s. */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

export type RateLimitGovernor = OktaGovernor & {
  /** Last known budget per bucket (for showing the remaining budget per connection). */
  snapshot(): Record<string, BucketState>;
};

export function createRateLimitGovernor(options: RateLimitGovernorOptions = {}): RateLimitGovernor {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const maxWaitMs = options.maxWaitMs ?? 65_000;
  const buckets = new Map<string, BucketState>();
  const reserveFor = (s: BucketState): number =>
    options.reserve ?? Math.max(1, Math.floor((s.limit ?? 10) / 10));

  return {
    async acquire(bucketKey) {
      for (;;) {
        const state = buckets.get(bucketKey);
        if (!state || now() >= state.resetAtMs) return;
        if (state.remaining > reserveFor(state)) {
          // Count the request now, so parallel callers don't all see the same budget.
          state.remaining--;
          return;
        }
        await sleep(Math.min(maxWaitMs, state.resetAtMs - now()));
        // A new window: the next response tells the real budget.
        if (now() >= state.resetAtMs) buckets.delete(bucketKey);
      }
    },
    observe(bucketKey, headers) {
      const { limit, remaining } = readRateLimit(headers);
      const wait = msUntilReset(headers, now());
      if (remaining === undefined || wait === undefined) return;
      // Stored on the local clock (via Okta's Date header), so comparisons in acquire() are skew-free.
      buckets.set(bucketKey, { limit, remaining, resetAtMs: now() + wait });
    },
    snapshot() {
      return Object.fromEntries([...buckets].map(([k, v]) => [k, { ...v }]));
    },
  };
}
