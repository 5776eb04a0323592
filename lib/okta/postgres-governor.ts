// The rate governor shared by every job and app instance through Postgres (tables OktaRateOrg,
// OktaRateBucket, OktaInFlight). Per Okta org it:
// - learns each endpoint's budget from X-Rate-Limit-Limit/-Remaining/-Reset (a first "probe"
//   request goes alone; the others wait for its headers),
// - paces requests evenly over what is left of the window: one slot every
//   (reset − now) / (remaining − reserve), so the budget lasts exactly until the reset instead of
//   bursting into a wall of 429s, and the reserve (1 − capacity) × limit stays free for other work
//   (like Terraform's max_api_capacity),
// - caps requests in flight at the org's concurrent-request limit × capacity, counted across
//   processes with expiring leases (a killed process's leases lapse after `leaseMs`),
// - after a 429 (remaining 0) holds everyone until the reset; the transport retries the request.
// Every grant runs in one short transaction holding the org's row lock, so two processes never
// hand out the same slot. Pure module (no Next): the bench and tests use it directly.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { msUntilReset, readRateLimit } from "./rate-limit";
import { defaultSleep, type OktaGovernor } from "./transport";

export type PostgresGovernorOptions = {
  pool: pg.Pool;
  /**
   * Share of each bucket (and of the org's concurrency) this governor may use, 0–1. Interactive
   * calls use 1; bulk jobs less, so other work still gets through. Default 1.
   */
  capacity?: number;
  /** Okta's concurrent-request limit per org, used when the org has no row yet. Default 75. */
  orgConcurrency?: number;
  /** How long an unanswered request counts as in flight (the transport's timeout plus margin). Default 20 s. */
  leaseMs?: number;
  /** Assumed window when a bucket's window has passed and no new headers arrived yet. Default 60 s. */
  windowMs?: number;
  /** Identifies this process's leases (diagnostics). */
  holder?: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

export type GovernorBucketSnapshot = {
  key: string;
  limit: number | null;
  remaining: number;
  resetAtMs: number;
  granted: number;
};

export type PostgresGovernor = OktaGovernor & {
  /** What is known of an org's buckets (the bulk page shows the limit next to the achieved rate). */
  snapshot(origin: string): Promise<GovernorBucketSnapshot[]>;
  /** Resolves when every observe() write issued so far has finished (tests, orderly shutdown). */
  flush(): Promise<void>;
};

type BucketRow = {
  limit: number | null;
  remaining: number;
  resetAtMs: string;
  nextAtMs: string;
  probeUntilMs: string;
};

type Decision = { grant: true; atMs: number; leaseId: string } | { grant: false; retryInMs: number };

/** Polling step while the org is at its concurrency cap or a probe is out. */
const BUSY_RETRY_MS = 20;
/** Slack after a reset before assuming the new window (Okta's reset has whole-second resolution). */
const RESET_SLACK_MS = 50;
/** Added to a window start dated by our own send time (the request reaches Okta a little later). */
const WINDOW_START_MARGIN_MS = 100;
/** Header resets within this much of ours describe the same window (Reset and Date are whole seconds). */
const SAME_WINDOW_MS = 2_500;

export const originOfBucketKey = (bucketKey: string): string => bucketKey.split(" ", 1)[0] ?? bucketKey;

export function createPostgresGovernor(options: PostgresGovernorOptions): PostgresGovernor {
  const pool = options.pool;
  const capacity = Math.min(1, Math.max(0.01, options.capacity ?? 1));
  const orgConcurrency = options.orgConcurrency ?? 75;
  const leaseMs = options.leaseMs ?? 20_000;
  const windowMs = options.windowMs ?? 60_000;
  const holder = options.holder ?? randomUUID();
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => defaultSleep(ms));
  // Leases this process holds, per bucket; observe() releases one per response.
  const leases = new Map<string, string[]>();
  // When each lease was granted (≈ when its request left), for dating a window's start.
  const grantedAt = new Map<string, number>();
  const pending = new Set<Promise<void>>();

  async function inOrgLock<T>(origin: string, fn: (c: pg.PoolClient, inFlightLimit: number) => Promise<T>): Promise<T> {
    const c = await pool.connect();
    try {
      await c.query("BEGIN");
      // Upsert-and-return takes the org row's lock in one round trip; it is held until COMMIT.
      const org = await c.query<{ inFlightLimit: number }>(
        `INSERT INTO "OktaRateOrg" ("origin", "inFlightLimit") VALUES ($1, $2)
         ON CONFLICT ("origin") DO UPDATE SET "origin" = EXCLUDED."origin" RETURNING "inFlightLimit"`,
        [origin, orgConcurrency],
      );
      const result = await fn(c, org.rows[0]?.inFlightLimit ?? orgConcurrency);
      await c.query("COMMIT");
      return result;
    } catch (error) {
      await c.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      c.release();
    }
  }

  async function decide(bucketKey: string): Promise<Decision> {
    const origin = originOfBucketKey(bucketKey);
    return inOrgLock(origin, async (c, inFlightLimit) => {
      const t = now();
      const state = await c.query<BucketRow & { inFlight: string }>(
        `SELECT b."limit", b."remaining", b."resetAtMs", b."nextAtMs", b."probeUntilMs",
                (SELECT count(*) FROM "OktaInFlight" f WHERE f."origin" = $2 AND f."expiresAtMs" > $3) AS "inFlight"
         FROM (SELECT 1) one LEFT JOIN "OktaRateBucket" b ON b."key" = $1`,
        [bucketKey, origin, Math.round(t)],
      );
      const row = state.rows[0];
      const inFlight = Number(row?.inFlight ?? 0);
      if (inFlight >= Math.max(1, Math.floor(inFlightLimit * capacity))) return { grant: false, retryInMs: BUSY_RETRY_MS };

      const grant = async (atMs: number, bucket: { limit: number | null; remaining: number; resetAtMs: number; nextAtMs: number; probeUntilMs: number }) => {
        const leaseId = randomUUID();
        await c.query(`INSERT INTO "OktaInFlight" ("id", "origin", "bucketKey", "holder", "expiresAtMs") VALUES ($1, $2, $3, $4, $5)`, [
          leaseId,
          origin,
          bucketKey,
          holder,
          Math.round(atMs + leaseMs),
        ]);
        await c.query(
          `INSERT INTO "OktaRateBucket" ("key", "origin", "limit", "remaining", "resetAtMs", "nextAtMs", "probeUntilMs", "granted", "updatedAtMs")
           VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)
           ON CONFLICT ("key") DO UPDATE SET "limit" = $3, "remaining" = $4, "resetAtMs" = $5, "nextAtMs" = $6, "probeUntilMs" = $7,
             "granted" = "OktaRateBucket"."granted" + 1, "updatedAtMs" = $8`,
          [bucketKey, origin, bucket.limit, bucket.remaining, Math.round(bucket.resetAtMs), Math.round(bucket.nextAtMs), Math.round(bucket.probeUntilMs), Math.round(t)],
        );
        return { grant: true as const, atMs, leaseId };
      };

      const limit = row?.limit ?? null;
      if (limit === null || row === undefined) {
        // Budget unknown: one probe at a time until a response tells it.
        const probeUntil = Number(row?.probeUntilMs ?? 0);
        if (probeUntil > t) return { grant: false, retryInMs: BUSY_RETRY_MS };
        return grant(t, { limit: null, remaining: 0, resetAtMs: 0, nextAtMs: t, probeUntilMs: t + leaseMs });
      }
      let remaining = row.remaining;
      let resetAtMs = Number(row.resetAtMs);
      let nextAtMs = Number(row.nextAtMs);
      if (t >= resetAtMs + RESET_SLACK_MS) {
        // A new window we have no headers for yet: assume a full one starting now (the next
        // response corrects it, and lowers `remaining` if others already spent some).
        remaining = limit;
        resetAtMs = t + windowMs;
        nextAtMs = t;
      }
      const reserve = Math.floor((1 - capacity) * limit);
      const budget = remaining - reserve;
      if (budget < 1) return { grant: false, retryInMs: Math.max(BUSY_RETRY_MS, resetAtMs + RESET_SLACK_MS - t) };
      const slot = Math.max(nextAtMs, t);
      if (slot >= resetAtMs) return { grant: false, retryInMs: Math.max(BUSY_RETRY_MS, resetAtMs + RESET_SLACK_MS - t) };
      // The budget left must last from this slot to the reset (earlier slots are already handed out).
      const interval = (resetAtMs - slot) / budget;
      return grant(slot, { limit, remaining: remaining - 1, resetAtMs, nextAtMs: slot + interval, probeUntilMs: 0 });
    });
  }

  async function record(bucketKey: string, headers: Headers, leaseId: string | undefined, sentAt: number | undefined): Promise<void> {
    const origin = originOfBucketKey(bucketKey);
    const info = readRateLimit(headers);
    const wait = msUntilReset(headers, now());
    await inOrgLock(origin, async (c) => {
      if (leaseId) await c.query(`DELETE FROM "OktaInFlight" WHERE "id" = $1`, [leaseId]);
      // Expired leases of dead processes: swept here so the table stays small.
      await c.query(`DELETE FROM "OktaInFlight" WHERE "origin" = $1 AND "expiresAtMs" < $2`, [origin, Math.round(now() - leaseMs)]);
      // Concurrency refusals report Limit 0: they say nothing about the bucket.
      if (info.remaining === undefined || wait === undefined || info.limit === undefined || info.limit === 0) return;
      const t = now();
      let headerResetAt = t + wait;
      if (sentAt !== undefined && info.remaining === info.limit - 1) {
        // This request opened the window. Reset and Date have whole-second resolution, so the
        // header can put the reset up to 2 s late (every window 2 s longer = 3% of the budget
        // unused); the send time dates it to within a few milliseconds.
        headerResetAt = Math.min(headerResetAt, sentAt + windowMs + WINDOW_START_MARGIN_MS);
      }
      const current = await c.query<BucketRow>(`SELECT "limit", "remaining", "resetAtMs", "nextAtMs", "probeUntilMs" FROM "OktaRateBucket" WHERE "key" = $1`, [bucketKey]);
      const row = current.rows[0];
      const resetAtMs = Number(row?.resetAtMs ?? 0);
      if (row && row.limit !== null && headerResetAt < resetAtMs - SAME_WINDOW_MS) return; // a late answer from the previous window
      if (!row || row.limit === null || headerResetAt > resetAtMs + SAME_WINDOW_MS) {
        // First headers for this bucket, or a window we didn't know about: take Okta's numbers,
        // less the requests of ours still on their way (Okta hasn't counted them in this answer).
        const ours = await c.query<{ n: string }>(`SELECT count(*) AS n FROM "OktaInFlight" WHERE "bucketKey" = $1 AND "expiresAtMs" > $2`, [bucketKey, Math.round(t)]);
        const remaining = Math.max(0, info.remaining - Number(ours.rows[0]?.n ?? 0));
        await c.query(
          `INSERT INTO "OktaRateBucket" ("key", "origin", "limit", "remaining", "resetAtMs", "nextAtMs", "probeUntilMs", "updatedAtMs")
           VALUES ($1, $2, $3, $4, $5, $6, 0, $6)
           ON CONFLICT ("key") DO UPDATE SET "limit" = $3, "remaining" = $4, "resetAtMs" = $5,
             "nextAtMs" = GREATEST("OktaRateBucket"."nextAtMs", $6), "probeUntilMs" = 0, "updatedAtMs" = $6`,
          [bucketKey, origin, info.limit, remaining, Math.round(headerResetAt), Math.round(t)],
        );
        return;
      }
      // Same window: our count already includes every grant; Okta's is lower only when someone
      // outside this governor spends the bucket too, or a 429 said it is empty.
      await c.query(`UPDATE "OktaRateBucket" SET "limit" = $2, "remaining" = LEAST("remaining", $3), "updatedAtMs" = $4 WHERE "key" = $1`, [
        bucketKey,
        info.limit,
        info.remaining,
        Math.round(t),
      ]);
    });
  }

  return {
    async acquire(bucketKey) {
      for (;;) {
        const d = await decide(bucketKey);
        if (d.grant) {
          const list = leases.get(bucketKey) ?? [];
          list.push(d.leaseId);
          leases.set(bucketKey, list);
          grantedAt.set(d.leaseId, d.atMs);
          const wait = d.atMs - now();
          if (wait > 0) await sleep(wait);
          return;
        }
        await sleep(d.retryInMs);
      }
    },
    observe(bucketKey, headers) {
      const leaseId = leases.get(bucketKey)?.shift();
      const sentAt = leaseId === undefined ? undefined : grantedAt.get(leaseId);
      if (leaseId !== undefined) grantedAt.delete(leaseId);
      // observe() is synchronous in the transport's contract; the write happens in the background
      // (a failed write only costs pacing accuracy; the lease then lapses by itself).
      const p = record(bucketKey, headers, leaseId, sentAt)
        .catch((error: unknown) => console.warn(`[okta-governor] could not record rate-limit headers: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => pending.delete(p));
      pending.add(p);
    },
    async snapshot(origin) {
      const { rows } = await pool.query<{ key: string; limit: number | null; remaining: number; resetAtMs: string; granted: string }>(
        `SELECT "key", "limit", "remaining", "resetAtMs", "granted" FROM "OktaRateBucket" WHERE "origin" = $1 ORDER BY "key"`,
        [origin],
      );
      return rows.map((r) => ({ key: r.key, limit: r.limit, remaining: r.remaining, resetAtMs: Number(r.resetAtMs), granted: Number(r.granted) }));
    },
    async flush() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
