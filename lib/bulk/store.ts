// The bulk-move tables (BulkMoveJob, BulkMoveItem) in SQL. Every state change is one statement, so
// a worker killed at any point leaves rows a new worker can continue from. Pure (no Next).
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { emptyCounts, type BulkCounts, type BulkItemRow, type BulkItemStatus, type BulkJobRow, type BulkJobStatus, type PreviewItem, type SelectionKind } from "./types";

export type Queryable = Pick<pg.Pool, "query">;

export type NewJob = {
  connectionId: string;
  targetRealmId: string;
  targetRealmName: string;
  selectionKind: SelectionKind;
  selectionSummary: string;
  maxApiCapacity: number;
  lanes: number;
  createdById: string | null;
  createdByEmail: string | null;
  items: readonly PreviewItem[];
};

/** Runs `fn` in one transaction on a pooled client (rolled back if it throws). */
async function inTransaction(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<void>): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    await fn(c);
    await c.query("COMMIT");
  } catch (error) {
    await c.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    c.release();
  }
}

/** Saves a previewed job (status PREVIEW) with its classified users; returns its id. */
export async function createPreviewJob(pool: pg.Pool, job: NewJob): Promise<string> {
  const id = randomUUID();
  await inTransaction(pool, async (c) => {
    await c.query(
      `INSERT INTO "BulkMoveJob" ("id", "connectionId", "targetRealmId", "targetRealmName", "selectionKind", "selectionSummary", "status",
         "maxApiCapacity", "lanes", "total", "createdById", "createdByEmail")
       VALUES ($1, $2, $3, $4, $5, $6, 'PREVIEW', $7, $8, $9, $10, $11)`,
      [id, job.connectionId, job.targetRealmId, job.targetRealmName, job.selectionKind, job.selectionSummary, job.maxApiCapacity, job.lanes, job.items.length, job.createdById, job.createdByEmail],
    );
    // unnest() inserts thousands of rows in a few statements.
    const chunk = 5_000;
    for (let start = 0; start < job.items.length; start += chunk) {
      const part = job.items.slice(start, start + chunk);
      await c.query(
        `INSERT INTO "BulkMoveItem" ("jobId", "seq", "input", "userId", "login", "email", "fromRealmId", "status", "message")
         SELECT $1, s, i, u, l, e, f, st::"BulkItemStatus", m
         FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) AS t(s, i, u, l, e, f, st, m)`,
        [
          id,
          part.map((_, k) => start + k + 1),
          part.map((p) => p.input),
          part.map((p) => p.userId),
          part.map((p) => p.login),
          part.map((p) => p.email),
          part.map((p) => p.fromRealmId),
          part.map((p) => p.status),
          part.map((p) => p.message),
        ],
      );
    }
  });
  return id;
}

const JOB_COLUMNS = `"id", "connectionId", "targetRealmId", "targetRealmName", "selectionKind", "selectionSummary", "selectionValue", "status", "maxApiCapacity",
  "lanes", "total", "createdById", "createdByEmail", "createdAt", "startedAt", "finishedAt", "leaseOwner", "leaseUntil", "lastError", "auditedAt",
  "previewRequests", "previewStartedAt", "previewFinishedAt"`;

export async function getJob(db: Queryable, jobId: string): Promise<BulkJobRow | null> {
  const { rows } = await db.query<BulkJobRow>(`SELECT ${JOB_COLUMNS} FROM "BulkMoveJob" WHERE "id" = $1`, [jobId]);
  return rows[0] ?? null;
}

export async function listJobs(db: Queryable, connectionId: string, limit = 20): Promise<BulkJobRow[]> {
  const { rows } = await db.query<BulkJobRow>(`SELECT ${JOB_COLUMNS} FROM "BulkMoveJob" WHERE "connectionId" = $1 ORDER BY "createdAt" DESC LIMIT $2`, [connectionId, limit]);
  return rows;
}

export async function countItems(db: Queryable, jobId: string): Promise<BulkCounts> {
  const { rows } = await db.query<{ status: BulkItemStatus; n: string }>(`SELECT "status", count(*) AS n FROM "BulkMoveItem" WHERE "jobId" = $1 GROUP BY "status"`, [jobId]);
  const counts = emptyCounts();
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

export async function listItems(db: Queryable, jobId: string, opts: { afterSeq?: number; limit?: number; statuses?: readonly BulkItemStatus[] } = {}): Promise<BulkItemRow[]> {
  const { rows } = await db.query<BulkItemRow>(
    `SELECT "seq", "input", "userId", "login", "email", "fromRealmId", "status", "attempts", "message", "oktaRequestId", "changedAt"
     FROM "BulkMoveItem" WHERE "jobId" = $1 AND "seq" > $2 AND ($4::text[] IS NULL OR "status"::text = ANY($4::text[]))
     ORDER BY "seq" LIMIT $3`,
    [jobId, opts.afterSeq ?? 0, opts.limit ?? 1000, opts.statuses ? [...opts.statuses] : null],
  );
  return rows;
}

export type ItemPage = { items: BulkItemRow[]; nextAfter: number | null };

/**
 * One page of a job's items in position order, keyset-paged on the position: `nextAfter` is the
 * last position shown when more follow (one extra row is read to know), null on the last page.
 */
export async function listItemPage(db: Queryable, jobId: string, opts: { afterSeq: number; limit: number; statuses: readonly BulkItemStatus[] | null }): Promise<ItemPage> {
  const rows = await listItems(db, jobId, { afterSeq: opts.afterSeq, limit: opts.limit + 1, ...(opts.statuses ? { statuses: opts.statuses } : {}) });
  const items = rows.slice(0, opts.limit);
  return { items, nextAfter: rows.length > opts.limit ? (items[items.length - 1]?.seq ?? null) : null };
}

/** Moves a job between states; returns false when it wasn't in one of `from` (someone else got there first). */
export async function transition(db: Queryable, jobId: string, from: readonly BulkJobStatus[], to: BulkJobStatus, extra: { lastError?: string | null } = {}): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE "BulkMoveJob" SET "status" = $3::"BulkJobStatus",
       "lastError" = CASE WHEN $4::boolean THEN $5 ELSE "lastError" END,
       "finishedAt" = CASE WHEN $3 IN ('CANCELLED', 'COMPLETED', 'FAILED') THEN now() ELSE "finishedAt" END,
       "previewFinishedAt" = CASE WHEN "status" = 'RESOLVING' THEN now() ELSE "previewFinishedAt" END
     WHERE "id" = $1 AND "status"::text = ANY($2::text[])`,
    [jobId, [...from], to, extra.lastError !== undefined, extra.lastError ?? null],
  );
  return (rowCount ?? 0) > 0;
}

/** Users never attempted become CANCELLED (a cancelled job's CSV says so). */
export async function cancelPendingItems(db: Queryable, jobId: string): Promise<void> {
  await db.query(`UPDATE "BulkMoveItem" SET "status" = 'CANCELLED', "changedAt" = now() WHERE "jobId" = $1 AND "status" IN ('UNRESOLVED', 'PENDING', 'IN_FLIGHT')`, [jobId]);
}

// ---------- the worker's side ----------

/**
 * Claims the job for `owner` for `leaseMs`: only while it should run and nobody else holds a live
 * claim (a crashed worker's claim lapses). Returns the job when claimed.
 */
export async function claimJob(db: Queryable, jobId: string, owner: string, leaseMs: number): Promise<BulkJobRow | null> {
  const { rows } = await db.query<BulkJobRow>(
    `UPDATE "BulkMoveJob" SET "leaseOwner" = $2, "leaseUntil" = now() + make_interval(secs => $3),
       "status" = CASE WHEN "status" = 'QUEUED' THEN 'RUNNING'::"BulkJobStatus" ELSE "status" END,
       "startedAt" = CASE WHEN "status" = 'RESOLVING' THEN "startedAt" ELSE COALESCE("startedAt", now()) END,
       "previewStartedAt" = CASE WHEN "status" = 'RESOLVING' THEN COALESCE("previewStartedAt", now()) ELSE "previewStartedAt" END
     WHERE "id" = $1 AND "status" IN ('RESOLVING', 'QUEUED', 'RUNNING', 'CANCELLING')
       AND ("leaseUntil" IS NULL OR "leaseUntil" < now() OR "leaseOwner" = $2)
     RETURNING ${JOB_COLUMNS}`,
    [jobId, owner, leaseMs / 1000],
  );
  return rows[0] ?? null;
}

/** Extends the claim and reads the status (pause/cancel requests arrive this way); null when the claim was lost. */
export async function renewClaim(db: Queryable, jobId: string, owner: string, leaseMs: number): Promise<BulkJobStatus | null> {
  const { rows } = await db.query<{ status: BulkJobStatus }>(
    `UPDATE "BulkMoveJob" SET "leaseUntil" = now() + make_interval(secs => $3) WHERE "id" = $1 AND "leaseOwner" = $2 RETURNING "status"`,
    [jobId, owner, leaseMs / 1000],
  );
  return rows[0]?.status ?? null;
}

export async function releaseClaim(db: Queryable, jobId: string, owner: string): Promise<void> {
  await db.query(`UPDATE "BulkMoveJob" SET "leaseOwner" = NULL, "leaseUntil" = NULL WHERE "id" = $1 AND "leaseOwner" = $2`, [jobId, owner]);
}

/** Jobs that should be running but nobody holds (new, resumed, or their worker died). */
export async function orphanedJobs(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT "id" FROM "BulkMoveJob" WHERE "status" IN ('RESOLVING', 'QUEUED', 'RUNNING', 'CANCELLING') AND ("leaseUntil" IS NULL OR "leaseUntil" < now()) ORDER BY "createdAt" LIMIT 50`,
  );
  return rows.map((r) => r.id);
}

/**
 * Items a previous worker left IN_FLIGHT: their request may or may not have reached Okta, so they
 * go back to PENDING marked for a read-before-move.
 */
export async function requeueInFlight(db: Queryable, jobId: string): Promise<number> {
  const { rowCount } = await db.query(`UPDATE "BulkMoveItem" SET "status" = 'PENDING', "needsVerify" = true WHERE "jobId" = $1 AND "status" = 'IN_FLIGHT'`, [jobId]);
  return rowCount ?? 0;
}

export type ClaimedItem = { seq: number; userId: string; login: string | null; needsVerify: boolean; attempts: number };

/** The next PENDING user, now IN_FLIGHT (SKIP LOCKED: lanes and workers never get the same one). */
export async function claimItem(db: Queryable, jobId: string): Promise<ClaimedItem | null> {
  const { rows } = await db.query<ClaimedItem>(
    `UPDATE "BulkMoveItem" i SET "status" = 'IN_FLIGHT', "attempts" = i."attempts" + 1, "changedAt" = now()
     FROM (SELECT "jobId", "seq" FROM "BulkMoveItem" WHERE "jobId" = $1 AND "status" = 'PENDING' ORDER BY "attempts", "seq" LIMIT 1 FOR UPDATE SKIP LOCKED) next
     WHERE i."jobId" = next."jobId" AND i."seq" = next."seq"
     RETURNING i."seq", i."userId", i."login", i."needsVerify", i."attempts"`,
    [jobId],
  );
  const row = rows[0];
  return row && row.userId ? row : null;
}

export type ItemOutcome = {
  status: BulkItemStatus;
  message?: string | null;
  oktaRequestId?: string | null;
  /** For PENDING (retry later): whether to read the user before the next attempt. */
  needsVerify?: boolean;
  /** Nothing was sent to Okta for this user (its claim is handed back): the claim's attempt doesn't count. */
  refundAttempt?: boolean;
};

export async function finishItem(db: Queryable, jobId: string, seq: number, outcome: ItemOutcome): Promise<void> {
  await db.query(
    `UPDATE "BulkMoveItem" SET "status" = $3::"BulkItemStatus", "message" = $4, "oktaRequestId" = COALESCE($5, "oktaRequestId"),
       "needsVerify" = $6, "attempts" = GREATEST(0, "attempts" - CASE WHEN $7 THEN 1 ELSE 0 END), "changedAt" = now()
     WHERE "jobId" = $1 AND "seq" = $2`,
    [jobId, seq, outcome.status, outcome.message ?? null, outcome.oktaRequestId ?? null, outcome.needsVerify ?? false, outcome.refundAttempt ?? false],
  );
}

/** Marks the job audited; true for exactly one caller, who then writes the audit event. */
export async function markAudited(db: Queryable, jobId: string): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE "BulkMoveJob" SET "auditedAt" = now() WHERE "id" = $1 AND "auditedAt" IS NULL`, [jobId]);
  return (rowCount ?? 0) > 0;
}

// ---------- the preview job ----------

export type NewPreviewJob = Omit<NewJob, "items" | "targetRealmName"> & { selectionValue: string | null; entries: readonly string[] };

/**
 * Saves a preview job (status RESOLVING) in one statement: a CSV's entries go in as one text, which
 * the job turns into its items (expandPendingEntries), so the action answers in about the same time
 * for 10 lines or 100,000. A search or realm selection has no entries: the job lists them.
 */
export async function createResolvingJob(db: Queryable, job: NewPreviewJob): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO "BulkMoveJob" ("id", "connectionId", "targetRealmId", "targetRealmName", "selectionKind", "selectionSummary", "selectionValue", "status",
       "maxApiCapacity", "lanes", "total", "createdById", "createdByEmail", "pendingEntries")
     VALUES ($1, $2, $3, $3, $4, $5, $6, 'RESOLVING', $7, $8, $9, $10, $11, $12)`,
    [
      id,
      job.connectionId,
      job.targetRealmId,
      job.selectionKind,
      job.selectionSummary,
      job.selectionValue,
      job.maxApiCapacity,
      job.lanes,
      job.entries.length,
      job.createdById,
      job.createdByEmail,
      // Entries never hold a line break (the CSV is split into lines first).
      job.entries.length > 0 ? job.entries.join("\n") : null,
    ],
  );
  return id;
}

/** The job's saved entries become UNRESOLVED items, in file order (once: a second call finds none). */
export async function expandPendingEntries(pool: pg.Pool, jobId: string): Promise<void> {
  await inTransaction(pool, async (c) => {
    const { rows } = await c.query<{ pendingEntries: string | null }>(`SELECT "pendingEntries" FROM "BulkMoveJob" WHERE "id" = $1 FOR UPDATE`, [jobId]);
    if (rows[0]?.pendingEntries) {
      await c.query(
        `INSERT INTO "BulkMoveItem" ("jobId", "seq", "input", "status")
         SELECT $1, t.k, t.i, 'UNRESOLVED' FROM "BulkMoveJob" j, unnest(string_to_array(j."pendingEntries", E'\n')) WITH ORDINALITY AS t(i, k) WHERE j."id" = $1`,
        [jobId],
      );
      await c.query(`UPDATE "BulkMoveJob" SET "pendingEntries" = NULL WHERE "id" = $1`, [jobId]);
    }
  });
}

/** The next entries still to resolve, in file order. */
export async function unresolvedItems(db: Queryable, jobId: string, limit: number): Promise<{ seq: number; input: string }[]> {
  const { rows } = await db.query<{ seq: number; input: string }>(
    `SELECT "seq", "input" FROM "BulkMoveItem" WHERE "jobId" = $1 AND "status" = 'UNRESOLVED' ORDER BY "seq" LIMIT $2`,
    [jobId, limit],
  );
  return rows;
}

export type ResolvedItem = PreviewItem & { seq: number };

/**
 * Records resolved entries and the requests they cost, in one transaction. A user an earlier entry
 * of the job already holds makes this entry SKIPPED ("listed twice"), so nobody is moved twice.
 */
export async function saveResolved(pool: pg.Pool, jobId: string, items: readonly ResolvedItem[], requests: number): Promise<void> {
  await inTransaction(pool, async (c) => {
    const ids = items.flatMap((i) => (i.userId ? [i.userId] : []));
    const taken = new Set(
      (await c.query<{ userId: string }>(`SELECT "userId" FROM "BulkMoveItem" WHERE "jobId" = $1 AND "userId" = ANY($2::text[])`, [jobId, ids])).rows.map((r) => r.userId),
    );
    const rows = items.map((i) => (i.userId && taken.has(i.userId) ? { ...i, userId: null, status: "SKIPPED" as const, message: "Listed twice in the file (same user)." } : i));
    await c.query(
      `UPDATE "BulkMoveItem" i SET "userId" = t.u, "login" = t.l, "email" = t.e, "fromRealmId" = t.f, "status" = t.st::"BulkItemStatus", "message" = t.m, "changedAt" = now()
       FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(s, u, l, e, f, st, m)
       WHERE i."jobId" = $1 AND i."seq" = t.s AND i."status" = 'UNRESOLVED'`,
      [jobId, rows.map((r) => r.seq), rows.map((r) => r.userId), rows.map((r) => r.login), rows.map((r) => r.email), rows.map((r) => r.fromRealmId), rows.map((r) => r.status), rows.map((r) => r.message)],
    );
    await c.query(`UPDATE "BulkMoveJob" SET "previewRequests" = "previewRequests" + $2 WHERE "id" = $1`, [jobId, requests]);
  });
}

/** A listed page of users (search or realm selection): appended, a user already listed is kept once. */
export async function appendListed(db: Queryable, jobId: string, items: readonly PreviewItem[], requests: number): Promise<void> {
  await db.query(
    `WITH base AS (SELECT COALESCE(max("seq"), 0) AS n FROM "BulkMoveItem" WHERE "jobId" = $1),
     ins AS (
       INSERT INTO "BulkMoveItem" ("jobId", "seq", "input", "userId", "login", "email", "fromRealmId", "status", "message")
       SELECT $1, base.n + t.k, t.i, t.u, t.l, t.e, t.f, t.st::"BulkItemStatus", t.m
       FROM base, unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY AS t(i, u, l, e, f, st, m, k)
       ON CONFLICT ("jobId", "userId") DO NOTHING RETURNING 1
     )
     UPDATE "BulkMoveJob" SET "previewRequests" = "previewRequests" + $9, "total" = "total" + (SELECT count(*) FROM ins) WHERE "id" = $1`,
    [jobId, items.map((p) => p.input), items.map((p) => p.userId), items.map((p) => p.login), items.map((p) => p.email), items.map((p) => p.fromRealmId), items.map((p) => p.status), items.map((p) => p.message), requests],
  );
}

/** A listing restarts from its first page (Okta's cursors don't outlive a restart): what it had listed goes. */
export async function clearListed(db: Queryable, jobId: string): Promise<void> {
  await db.query(`DELETE FROM "BulkMoveItem" WHERE "jobId" = $1`, [jobId]);
  await db.query(`UPDATE "BulkMoveJob" SET "total" = 0 WHERE "id" = $1`, [jobId]);
}

export async function updatePreviewJob(db: Queryable, jobId: string, fields: { targetRealmName?: string; selectionSummary?: string; requests?: number }): Promise<void> {
  await db.query(
    `UPDATE "BulkMoveJob" SET "targetRealmName" = COALESCE($2, "targetRealmName"), "selectionSummary" = COALESCE($3, "selectionSummary"),
       "previewRequests" = "previewRequests" + $4 WHERE "id" = $1`,
    [jobId, fields.targetRealmName ?? null, fields.selectionSummary ?? null, fields.requests ?? 0],
  );
}
