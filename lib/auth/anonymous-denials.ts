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
 * the same minute. Cost: one short transaction (lock + one statement) per anonymous call.
 *
 * Refusals of signed-in people (FORBIDDEN, not a member) stay one row each: they name a person.
 */

export const ANONYMOUS_DENIAL_WINDOW_SECONDS = 60;
const REASON = "no session";

/** A text id in the same spirit as Prisma's cuid() (the column has no database default). */
const rowId = () => `d${randomBytes(12).toString("hex")}`;

export async function recordAnonymousDenial(action: string, permission: string): Promise<void> {
  const prisma = db();
  const opened = JSON.stringify({ permission, reason: REASON, count: 1 });
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
          || jsonb_build_object('count', COALESCE((e."details"->>'count')::bigint, 1) + 1, 'lastAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
        FROM open_row WHERE e."id" = open_row."id"
        RETURNING e."id"
      )
      INSERT INTO "AuditEvent" ("id", "at", "action", "outcome", "details")
      SELECT ${rowId()}, now() AT TIME ZONE 'UTC', ${action}, 'DENIED', ${opened}::jsonb
      WHERE NOT EXISTS (SELECT 1 FROM bumped)`,
  ]);
}
