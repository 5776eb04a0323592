import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";

/*
 * Anonymous refusals are counted, not logged one by one. Server actions are public POST endpoints,
 * so anyone can call one without a session as often as they like; one audit row per call would let
 * them flood the audit table (and bury real events). Instead the first anonymous refusal of an
 * action opens a row, and every further one within a minute of it increments that row's
 * details.count (details.lastAt = the latest). So the table grows by at most one row per action per
 * minute, whatever the rate, and the log still says how many refusals there were.
 *
 * Correct across app instances: a transaction-scoped advisory lock per action serialises the
 * "find the open row, else insert one" step in Postgres, so two instances never open two rows for
 * the same minute. Within one instance, concurrent refusals of an action share one transaction
 * (group commit): at most one write per action is in flight and one batch waits behind it, so a
 * flood holds at most one pooled connection per action instead of queueing every request
 * behind the lock. Each caller still returns only once its refusal is on the row.
 *
 * Refusals of signed-in people (FORBIDDEN, not a member) stay one row each: they name a person.
 */

const ANONYMOUS_DENIAL_WINDOW_SECONDS = 60;
const REASON = "no session";

/** A text id in the same spirit as Prisma's cuid() (the column has no database default). */
const rowId = () => `d${randomBytes(12).toString("hex")}`;

type Batch = { permission: string; count: number; written: Promise<void> };
/** Per action: the batch still collecting refusals, and the write in flight. */
const collecting = new Map<string, Batch>();
const writing = new Map<string, Promise<void>>();

export function recordAnonymousDenial(action: string, permission: string): Promise<void> {
  const open = collecting.get(action);
  if (open) {
    open.count += 1;
    return open.written;
  }
  const batch: Batch = { permission, count: 1, written: Promise.resolve() };
  collecting.set(action, batch);
  batch.written = (async () => {
    await writing.get(action)?.catch(() => undefined);
    // From here on, new refusals start the next batch (which waits for this write).
    collecting.delete(action);
    const write = writeDenials(action, batch.permission, batch.count);
    writing.set(action, write);
    try {
      await write;
    } finally {
      if (writing.get(action) === write) writing.delete(action);
    }
  })();
  return batch.written;
}

async function writeDenials(action: string, permission: string, count: number): Promise<void> {
  const prisma = db();
  const opened = JSON.stringify({ permission, reason: REASON, count });
  await prisma.$transaction([
    prisma.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('audit.anonymous-denial'), hashtext(${action}))`,
    // A new statement sees what a previous lock holder committed (READ COMMITTED), so the row it
    // opened is found here. Timestamps are UTC like Prisma's (the column is timestamp without zone).
    prisma.$executeRaw`
      WITH open_row AS (
        SELECT "id" FROM "AuditEvent"
        WHERE "action" = ${action} AND "outcome" = 'DENIED' AND "actorId" IS NULL AND "actorEmail" IS NULL
          AND "details"->>'reason' = ${REASON}
          AND "at" > (now() AT TIME ZONE 'UTC') - make_interval(secs => ${ANONYMOUS_DENIAL_WINDOW_SECONDS})
        ORDER BY "at" DESC
        LIMIT 1
      ), bumped AS (
        UPDATE "AuditEvent" e
        SET "details" = e."details"
          || jsonb_build_object('count', COALESCE((e."details"->>'count')::bigint, 1) + ${count}, 'lastAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
        FROM open_row WHERE e."id" = open_row."id"
        RETURNING e."id"
      )
      INSERT INTO "AuditEvent" ("id", "at", "action", "outcome", "details")
      SELECT ${rowId()}, now() AT TIME ZONE 'UTC', ${action}, 'DENIED', ${opened}::jsonb
      WHERE NOT EXISTS (SELECT 1 FROM bumped)`,
  ]);
}
