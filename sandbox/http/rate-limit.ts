import type { Clock } from "../org/contract";

// Okta's per-minute rate limits (okta-facts §2.8, Enterprise column) and the org-wide concurrent
// request limit. Windows run on the sandbox clock, so tests advance time instead of sleeping.

export type BucketName = "users-collection" | "user-get" | "user-write" | "api-other" | "oauth2";

export interface RateLimitConfig {
  /** Requests per window for each bucket. */
  buckets: Record<BucketName, number>;
  /** Concurrent in-flight requests per org (Okta: 75). */
  concurrency: number;
  windowSeconds: number;
}

/** Partial settings: any subset of buckets, concurrency, window (Partial<RateLimitConfig> fits). */
export interface RateLimitOverrides {
  buckets?: Partial<Record<BucketName, number>>;
  concurrency?: number;
  windowSeconds?: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  buckets: {
    "users-collection": 600, // GET/POST /api/v1/users
    "user-get": 1000, // GET /api/v1/users/{idOrLogin}
    "user-write": 600, // POST/PUT/DELETE /api/v1/users/{id}
    "api-other": 600, // every other /api/v1 endpoint (realms have no row of their own)
    oauth2: 1200, // /oauth2/v1 (org authorization server)
  },
  concurrency: 75,
  windowSeconds: 60,
};

/** Which bucket a request counts against; null for paths Okta does not rate-limit here. */
export function bucketFor(method: string, path: string): BucketName | null {
  if (path.startsWith("/oauth2/v1/")) return "oauth2";
  if (!path.startsWith("/api/v1/")) return null;
  if (path === "/api/v1/users") return "users-collection";
  if (/^\/api\/v1\/users\/[^/]+$/.test(path)) return method === "GET" ? "user-get" : "user-write";
  return "api-other";
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** UTC epoch seconds when the window resets. */
  reset: number;
}

export class RateLimiter {
  private config: RateLimitConfig;
  private readonly windows = new Map<BucketName, { start: number; count: number }>();
  private inFlight = 0;

  constructor(
    private readonly clock: Clock,
    overrides: RateLimitOverrides = {},
  ) {
    this.config = mergeConfig(DEFAULT_RATE_LIMITS, overrides);
  }

  configure(overrides: RateLimitOverrides): RateLimitConfig {
    this.config = mergeConfig(this.config, overrides);
    return this.current();
  }

  current(): RateLimitConfig {
    return { ...this.config, buckets: { ...this.config.buckets } };
  }

  /** Counts one request against the bucket. */
  take(bucket: BucketName): RateDecision {
    const now = this.clock.now();
    const windowMs = this.config.windowSeconds * 1000;
    let w = this.windows.get(bucket);
    if (!w || now >= w.start + windowMs) this.windows.set(bucket, (w = { start: now, count: 0 }));
    const limit = this.config.buckets[bucket];
    const reset = Math.ceil((w.start + windowMs) / 1000);
    if (w.count >= limit) return { allowed: false, limit, remaining: 0, reset };
    w.count++;
    return { allowed: true, limit, remaining: limit - w.count, reset };
  }

  /** The current window's reset for a bucket (used for concurrency 429s, where Okta's reset is an estimate). */
  resetOf(bucket: BucketName): number {
    const w = this.windows.get(bucket);
    const start = w && this.clock.now() < w.start + this.config.windowSeconds * 1000 ? w.start : this.clock.now();
    return Math.ceil((start + this.config.windowSeconds * 1000) / 1000);
  }

  tryAcquire(): boolean {
    if (this.inFlight >= this.config.concurrency) return false;
    this.inFlight++;
    return true;
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Forget all windows (e.g. on reset). */
  clear(): void {
    this.windows.clear();
  }
}

function mergeConfig(base: RateLimitConfig, overrides: RateLimitOverrides): RateLimitConfig {
  return {
    buckets: { ...base.buckets, ...overrides.buckets },
    concurrency: overrides.concurrency ?? base.concurrency,
    windowSeconds: overrides.windowSeconds ?? base.windowSeconds,
  };
}

export function rateLimitHeaders(d: Pick<RateDecision, "limit" | "remaining" | "reset">): Record<string, string> {
  return {
    "X-Rate-Limit-Limit": String(d.limit),
    "X-Rate-Limit-Remaining": String(d.remaining),
    "X-Rate-Limit-Reset": String(d.reset),
  };
}
