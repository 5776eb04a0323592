// The rate governor bulk jobs share across processes and app instances through Postgres (tables
// OktaRateOrg, OktaRateBucket, OktaInFlight); interactive realm calls don't take its slots (see
// lib/realms/deps.ts) and show in the Remaining of the answers it reads. Per Okta org it:
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
import { errorFields, logger } from "../observability/log";

export type PostgresGovernorOptions = {
  pool: pg.Pool;
  /**
   * Share of each bucket (and of the org's concurrency) this governor may use, 0–1. A bulk move's
   * dry run uses 1; the jobs less, so interactive and other work still gets through. Default 1.
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

/** Most requests decided in one transaction (group commit of concurrent acquire() calls). */
const MAX_BATCH = 100;
/** Polling step while the org is at its concurrency cap or a probe is out. */
const BUSY_RETRY_MS = 20;
/** Slack after a reset before assuming the new window (Okta's reset has whole-second resolution). */
const RESET_SLACK_MS = 50;
/** Header resets within this much of ours describe the same window (Reset and Date are whole seconds). */
const SAME_WINDOW_MS = 2_500;

export const originOfBucketKey = (bucketKey: string): string => bucketKey.split(" ", 1)[0] ?? bucketKey;

/**
 * Whether a response's headers would leave the bucket as it is: the same window (as record()
 * judges it), the same limit, and no fewer remaining than we already count. Most responses are
 * like that, and then record() skips the org lock. Read without the lock, the row can only be
 * older than the truth: lower `remaining` (more grants) still changes nothing, and a newer window
 * makes these headers a late answer, which record() would ignore too.
 */
function changesNothing(row: BucketRow | undefined, limit: number, remaining: number, headerResetAtMs: number): boolean {
  if (!row || row.limit === null || row.limit !== limit) return false;
  const resetAtMs = Number(row.resetAtMs);
  return Math.abs(headerResetAtMs - resetAtMs) <= SAME_WINDOW_MS && row.remaining <= remaining;
}

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

  type BucketState = { limit: number | null; remaining: number; resetAtMs: number; nextAtMs: number; probeUntilMs: number; granted: number };

  /**
   * Decides for every waiting request of one org in ONE transaction under the org's lock (group
   * commit): the lock is taken once per batch instead of once per request, so its hold time, not
   * the number of concurrent callers, bounds the throughput. Each request is judged in order
   * exactly as it would be alone (concurrency cap, probe, window, reserve, pacing slot), against
   * the state the earlier grants of the batch left.
   */
  async function decideBatch(origin: string, bucketKeys: readonly string[]): Promise<Decision[]> {
    return inOrgLock(origin, async (c, inFlightLimit) => {
      const t = now();
      const distinct = [...new Set(bucketKeys)];
      const state = await c.query<BucketRow & { key: string; inFlight: string }>(
        `SELECT k."key", b."limit", b."remaining", b."resetAtMs", b."nextAtMs", b."probeUntilMs",
                (SELECT count(*) FROM "OktaInFlight" f WHERE f."origin" = $2 AND f."expiresAtMs" > $3) AS "inFlight"
         FROM unnest($1::text[]) AS k("key") LEFT JOIN "OktaRateBucket" b ON b."key" = k."key"`,
        [distinct, origin, Math.round(t)],
      );
      let inFlight = Number(state.rows[0]?.inFlight ?? 0);
      const buckets = new Map<string, BucketState>();
      for (const row of state.rows) {
        buckets.set(row.key, {
          limit: row.limit ?? null,
          remaining: row.remaining ?? 0,
          resetAtMs: Number(row.resetAtMs ?? 0),
          nextAtMs: Number(row.nextAtMs ?? 0),
          probeUntilMs: Number(row.probeUntilMs ?? 0),
          granted: 0,
        });
      }
      const leases: { id: string; key: string; expiresAtMs: number }[] = [];
      const maxInFlight = Math.max(1, Math.floor(inFlightLimit * capacity));

      const decideOne = (bucketKey: string): Decision => {
        const b = buckets.get(bucketKey);
        if (!b) throw new Error(`governor: bucket ${bucketKey} missing from its batch`);
        if (inFlight >= maxInFlight) return { grant: false, retryInMs: BUSY_RETRY_MS };
        const grant = (atMs: number, next: Omit<BucketState, "granted">): Decision => {
          const leaseId = randomUUID();
          leases.push({ id: leaseId, key: bucketKey, expiresAtMs: Math.round(atMs + leaseMs) });
          Object.assign(b, next, { granted: b.granted + 1 });
          inFlight += 1;
          return { grant: true, atMs, leaseId };
        };
        if (b.limit === null) {
          // Budget unknown: one probe at a time until a response tells it.
          if (b.probeUntilMs > t) return { grant: false, retryInMs: BUSY_RETRY_MS };
          return grant(t, { limit: null, remaining: 0, resetAtMs: 0, nextAtMs: t, probeUntilMs: t + leaseMs });
        }
        const limit = b.limit;
        let remaining = b.remaining;
        let resetAtMs = b.resetAtMs;
        let nextAtMs = b.nextAtMs;
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
      };
      const decisions = bucketKeys.map(decideOne);

      if (leases.length > 0) {
        const touched = [...buckets.entries()].filter(([, b]) => b.granted > 0);
        // The leases and the buckets in one statement: every round trip here holds the org lock.
        await c.query(
          `WITH lease AS (
             INSERT INTO "OktaInFlight" ("id", "origin", "bucketKey", "holder", "expiresAtMs")
             SELECT l."id", $1, l."key", $2, l."expiresAtMs" FROM unnest($3::text[], $4::text[], $5::bigint[]) AS l("id", "key", "expiresAtMs")
           )
           INSERT INTO "OktaRateBucket" ("key", "origin", "limit", "remaining", "resetAtMs", "nextAtMs", "probeUntilMs", "granted", "updatedAtMs")
           SELECT b."key", $1, b."limit", b."remaining", b."resetAtMs", b."nextAtMs", b."probeUntilMs", b."granted", $6
           FROM unnest($7::text[], $8::int[], $9::int[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[])
             AS b("key", "limit", "remaining", "resetAtMs", "nextAtMs", "probeUntilMs", "granted")
           ON CONFLICT ("key") DO UPDATE SET "limit" = EXCLUDED."limit", "remaining" = EXCLUDED."remaining", "resetAtMs" = EXCLUDED."resetAtMs",
             "nextAtMs" = EXCLUDED."nextAtMs", "probeUntilMs" = EXCLUDED."probeUntilMs",
             "granted" = "OktaRateBucket"."granted" + EXCLUDED."granted", "updatedAtMs" = EXCLUDED."updatedAtMs"`,
          [
            origin,
            holder,
            leases.map((l) => l.id),
            leases.map((l) => l.key),
            leases.map((l) => l.expiresAtMs),
            Math.round(t),
            touched.map(([key]) => key),
            touched.map(([, b]) => b.limit),
            touched.map(([, b]) => b.remaining),
            touched.map(([, b]) => Math.round(b.resetAtMs)),
            touched.map(([, b]) => Math.round(b.nextAtMs)),
            touched.map(([, b]) => Math.round(b.probeUntilMs)),
            touched.map(([, b]) => b.granted),
          ],
        );
      }
      return decisions;
    });
  }

  // Requests waiting for a decision, per org; one batch per org is decided at a time.
  const waiting = new Map<string, { bucketKey: string; resolve: (d: Decision) => void; reject: (e: unknown) => void }[]>();
  const draining = new Set<string>();

  function decide(bucketKey: string): Promise<Decision> {
    const origin = originOfBucketKey(bucketKey);
    return new Promise<Decision>((resolve, reject) => {
      const queue = waiting.get(origin) ?? [];
      queue.push({ bucketKey, resolve, reject });
      waiting.set(origin, queue);
      if (!draining.has(origin)) void drain(origin);
    });
  }

  async function drain(origin: string): Promise<void> {
    draining.add(origin);
    try {
      for (;;) {
        const batch = (waiting.get(origin) ?? []).splice(0, MAX_BATCH);
        if (batch.length === 0) break;
        try {
          const decisions = await decideBatch(
            origin,
            batch.map((w) => w.bucketKey),
          );
          batch.forEach((w, i) => {
            const d = decisions[i];
            if (d) w.resolve(d);
            else w.reject(new Error("governor: no decision for a request"));
          });
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      draining.delete(origin);
      waiting.delete(origin);
    }
  }

  type Observation = {
    bucketKey: string;
    leaseId: string | undefined;
    sentAt: number | undefined;
    /** When the answer arrived: Okta had counted the request by then. */
    receivedAt: number;
    limit?: number;
    remaining?: number;
    headerResetAtMs?: number;
  };
  const observations: { observation: Observation; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let recording = false;

  /** Queues one response's headers; a single writer per process records them in batches. */
  function record(bucketKey: string, headers: Headers, leaseId: string | undefined, sentAt: number | undefined): Promise<void> {
    const info = readRateLimit(headers);
    const t = now();
    const wait = msUntilReset(headers, t);
    const observation: Observation = { bucketKey, leaseId, sentAt, receivedAt: t };
    // Concurrency refusals report Limit 0: they say nothing about the bucket.
    if (info.remaining !== undefined && wait !== undefined && info.limit !== undefined && info.limit !== 0) {
      Object.assign(observation, { limit: info.limit, remaining: info.remaining, headerResetAtMs: t + wait });
    }
    return new Promise<void>((resolve, reject) => {
      observations.push({ observation, resolve, reject });
      if (!recording) void drainObservations();
    });
  }

  async function drainObservations(): Promise<void> {
    recording = true;
    try {
      for (;;) {
        const batch = observations.splice(0, MAX_BATCH);
        if (batch.length === 0) break;
        try {
          await recordBatch(batch.map((b) => b.observation));
          for (const b of batch) b.resolve();
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      recording = false;
    }
  }

  async function recordBatch(batch: readonly Observation[]): Promise<void> {
    // Releasing leases (and sweeping expired leases of dead processes, so the table stays small)
    // needs no org lock: a lease gone early only frees a place that decide() counts under the lock.
    await pool.query(`DELETE FROM "OktaInFlight" WHERE "id" = ANY($1::text[]) OR ("origin" = ANY($2::text[]) AND "expiresAtMs" < $3)`, [
      batch.flatMap((o) => (o.leaseId ? [o.leaseId] : [])),
      [...new Set(batch.map((o) => originOfBucketKey(o.bucketKey)))],
      Math.round(now() - leaseMs),
    ]);
    // An answer without rate-limit headers (a 5xx from a proxy, a timeout: see the transport) ends
    // a probe without teaching the budget. The next request probes again at once, instead of the
    // whole bucket waiting for this probe's lease to lapse.
    const silent = batch.filter((o) => o.limit === undefined && o.leaseId !== undefined).map((o) => o.bucketKey);
    if (silent.length > 0) {
      await pool.query(`UPDATE "OktaRateBucket" SET "probeUntilMs" = 0 WHERE "key" = ANY($1::text[]) AND "limit" IS NULL AND "probeUntilMs" > 0`, [[...new Set(silent)]]);
    }
    const informative = batch.filter((o) => o.limit !== undefined);
    if (informative.length === 0) return;
    const known = await pool.query<BucketRow & { key: string }>(
      `SELECT "key", "limit", "remaining", "resetAtMs", "nextAtMs", "probeUntilMs" FROM "OktaRateBucket" WHERE "key" = ANY($1::text[])`,
      [[...new Set(informative.map((o) => o.bucketKey))]],
    );
    const rows = new Map(known.rows.map((r) => [r.key, r]));
    for (const o of informative) {
      if (o.limit === undefined || o.remaining === undefined || o.headerResetAtMs === undefined) continue;
      // The answer to the request that opened a window dates that window: never skipped.
      if (o.remaining !== o.limit - 1 && changesNothing(rows.get(o.bucketKey), o.limit, o.remaining, o.headerResetAtMs)) continue;
      await recordLocked(o.bucketKey, o.sentAt, o.receivedAt, o.limit, o.remaining, o.headerResetAtMs);
    }
  }

  /** Headers that change what the bucket knows: applied under the org lock. */
  async function recordLocked(
    bucketKey: string,
    sentAt: number | undefined,
    receivedAt: number,
    headerLimit: number,
    headerRemaining: number,
    observedResetAtMs: number,
  ): Promise<void> {
    const origin = originOfBucketKey(bucketKey);
    await inOrgLock(origin, async (c) => {
      const t = now();
      let headerResetAt = observedResetAtMs;
      const opened = sentAt !== undefined && headerRemaining === headerLimit - 1;
      if (opened) {
        // This request opened the window. Reset and Date have whole-second resolution, so the
        // header can put the reset up to 1 s late (every window longer = budget unused). Okta
        // started the window between our grant and this answer: the grant time can be too early
        // (the request left later: token read, a busy event loop), and a window assumed to end
        // before Okta's draws 429s at the boundary; the answer's arrival is never too early.
        headerResetAt = Math.min(headerResetAt, receivedAt + windowMs);
      }
      const current = await c.query<BucketRow>(`SELECT "limit", "remaining", "resetAtMs", "nextAtMs", "probeUntilMs" FROM "OktaRateBucket" WHERE "key" = $1`, [bucketKey]);
      const row = current.rows[0];
      const resetAtMs = Number(row?.resetAtMs ?? 0);
      if (row && row.limit !== null && headerResetAt < resetAtMs - SAME_WINDOW_MS) return; // a late answer from the previous window
      if (!row || row.limit === null || headerResetAt > resetAtMs + SAME_WINDOW_MS) {
        // First headers for this bucket, or a window we didn't know about: take Okta's numbers,
        // less the requests of ours still on their way (Okta hasn't counted them in this answer).
        const ours = await c.query<{ n: string }>(`SELECT count(*) AS n FROM "OktaInFlight" WHERE "bucketKey" = $1 AND "expiresAtMs" > $2`, [bucketKey, Math.round(t)]);
        const remaining = Math.max(0, headerRemaining - Number(ours.rows[0]?.n ?? 0));
        await c.query(
          `INSERT INTO "OktaRateBucket" ("key", "origin", "limit", "remaining", "resetAtMs", "nextAtMs", "probeUntilMs", "updatedAtMs")
           VALUES ($1, $2, $3, $4, $5, $6, 0, $6)
           ON CONFLICT ("key") DO UPDATE SET "limit" = $3, "remaining" = $4, "resetAtMs" = $5,
             "nextAtMs" = GREATEST("OktaRateBucket"."nextAtMs", $6), "probeUntilMs" = 0, "updatedAtMs" = $6`,
          [bucketKey, origin, headerLimit, remaining, Math.round(headerResetAt), Math.round(t)],
        );
        return;
      }
      // Same window: our count already includes every grant; Okta's is lower only when someone
      // outside this governor spends the bucket too, or a 429 said it is empty. A window we assumed
      // (opened at our grant time) ends no earlier than the answer of the request that opened it says.
      await c.query(
        `UPDATE "OktaRateBucket" SET "limit" = $2, "remaining" = LEAST("remaining", $3), "updatedAtMs" = $4,
           "resetAtMs" = CASE WHEN $5::boolean THEN GREATEST("resetAtMs", $6) ELSE "resetAtMs" END WHERE "key" = $1`,
        [bucketKey, headerLimit, headerRemaining, Math.round(t), opened, Math.round(headerResetAt)],
      );
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
        .catch((error: unknown) => logger("okta-governor").warn(errorFields(error), "could not record rate-limit headers"))
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
