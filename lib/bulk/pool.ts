// The job engine's connection pool. Plain pg rather than Prisma: the engine also runs in the
// benchmark and in child processes, and needs FOR UPDATE SKIP LOCKED and row locks as they are.
import pg from "pg";
import { logger } from "@/lib/observability/log";

const TIMESTAMP_WITHOUT_TZ = 1114;

/**
 * Prisma stores DateTime as UTC in `timestamp(3)` columns. The session runs in UTC so now() matches,
 * and those values are read as UTC (pg's default would read them as the server's local time).
 */
export function createBulkPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    options: "-c TimeZone=UTC",
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === TIMESTAMP_WITHOUT_TZ && format !== "binary"
          ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection dropped by the server (restart, failover) must not take the process down;
  // the pool opens a new one on the next query.
  pool.on("error", (error) => logger("bulk").warn(`database connection lost: ${error.message}`));
  // Nor one checked out between two statements (a transaction holding a lock): the pool's handler
  // only covers idle clients, and an 'error' event nobody listens to is an uncaught exception. The
  // holder's next statement fails and the client is discarded on release.
  pool.on("connect", (client) => client.on("error", (error) => logger("bulk").warn(`database connection lost while in use: ${error.message}`)));
  return pool;
}
