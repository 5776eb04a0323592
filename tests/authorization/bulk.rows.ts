// Authorization-matrix rows for the bulk-move actions and routes (merged by the matrix test).
// Allowed callers must really preview against the sandbox org / really change the job's state;
// refused callers must not. Importing this starts a sandbox org and adds it to DEV_OKTA_HTTP_ORIGINS
// without reading env() (other rows files read it after us); the connection is created on first use.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import type { Role } from "@/lib/generated/prisma/enums";
import type { CallerKind, TestUser } from "../support/team-fixtures";

const org = await import("@/lib/realms/testing/sandbox-org");
const sb = await org.startTestOrg();
process.env.DEV_OKTA_HTTP_ORIGINS = [process.env.DEV_OKTA_HTTP_ORIGINS, sb.url].filter(Boolean).join(",");
try {
  afterAll(() => sb.stop());
} catch {
  // Imported outside a test file's collection: the worker's exit ends the server.
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("tests/authorization/bulk.rows.ts needs the integration project's DATABASE_URL");
const sql = new pg.Pool({ connectionString: databaseUrl, max: 2 });
try {
  afterAll(() => sql.end());
} catch {
  // See above.
}

// The routes' rows build their Request synchronously, so their job exists from import on: a bare
// connection row (never used to call Okta) with one previewed job.
const routeConnectionId = `bulk-matrix-${randomBytes(4).toString("hex")}`;
const routeJobId = `bulk-matrix-job-${randomBytes(4).toString("hex")}`;
await sql.query(
  `INSERT INTO "Connection" ("id", "nickname", "oktaDomain", "clientId", "clientSecretEnc", "requestedScopes", "grantedScopes", "status", "updatedAt")
   VALUES ($1, $1, 'example.okta.com', 'x', 'x', '{}', '{}', 'HEALTHY', now())`,
  [routeConnectionId],
);
await sql.query(
  `INSERT INTO "BulkMoveJob" ("id", "connectionId", "targetRealmId", "targetRealmName", "selectionKind", "selectionSummary", "total")
   VALUES ($1, $2, 'guo1', 'Matrix', 'csv', 'matrix', 1)`,
  [routeJobId, routeConnectionId],
);
await sql.query(`INSERT INTO "BulkMoveItem" ("jobId", "seq", "input", "status") VALUES ($1, 1, '=cmd', 'SKIPPED')`, [routeJobId]);

let connection: Promise<string> | undefined;
async function connectionId(): Promise<string> {
  connection ??= (async () => {
    const { db } = await import("@/lib/db");
    const { env } = await import("@/lib/env");
    const { keyringFromEnv } = await import("@/lib/crypto");
    return org.connectionWithScopes({ db: db(), keyring: keyringFromEnv(env()) }, sb, ["okta.users.read", "okta.users.manage", "okta.realms.read"], org.unique("matrix-bulk"));
  })();
  return connection;
}

type Callers = Record<CallerKind, TestUser | null>;
type ActionCase = { input: unknown; happened: () => Promise<boolean> };
type ActionRow = { allowed: Role[]; setup: (callers: Callers) => Promise<ActionCase> };
type RouteRow = { allowed: Role[]; request: () => Request };

const WRITE: Role[] = ["OWNER", "ADMIN", "OPERATOR"];
const READ: Role[] = ["OWNER", "ADMIN", "OPERATOR", "VIEWER"];

const statusOf = async (jobId: string) => (await sql.query<{ status: string }>(`SELECT "status" FROM "BulkMoveJob" WHERE "id" = $1`, [jobId])).rows[0]?.status;

/** A job in `status` for the matrix connection, previewed the app's way (one user of the org). */
async function jobIn(status: "PREVIEW" | "QUEUED" | "PAUSED"): Promise<{ connectionId: string; jobId: string }> {
  const id = await connectionId();
  const target = await org.seedRealm(sb, { name: org.unique("bulk-target") });
  const user = await org.seedUser(sb, { login: `${org.unique("bulk")}@x.example`, email: "b@x.example", firstName: "B", lastName: "M" });
  const jobId = `matrix-${randomBytes(6).toString("hex")}`;
  await sql.query(
    `INSERT INTO "BulkMoveJob" ("id", "connectionId", "targetRealmId", "targetRealmName", "selectionKind", "selectionSummary", "status", "total")
     VALUES ($1, $2, $3, 'Matrix', 'csv', 'matrix', $4::"BulkJobStatus", 1)`,
    [jobId, id, target.id, status],
  );
  await sql.query(`INSERT INTO "BulkMoveItem" ("jobId", "seq", "input", "userId", "status") VALUES ($1, 1, $2, $2, 'PENDING')`, [jobId, user.id]);
  return { connectionId: id, jobId };
}

/**
 * Whether the action left its SUCCESS audit event on the connection, naming the member who acted (one
 * of this test's callers with a write role: only one of them calls) — who started or cancelled a move.
 */
async function auditedByWriter(callers: Callers, action: string, connectionId: string, where: { target: string; targetName: string } | { targetRealmId: string }): Promise<boolean> {
  const { rows } = await sql.query<{ actorId: string | null; actorEmail: string | null }>(
    `SELECT "actorId", "actorEmail" FROM "AuditEvent" WHERE "action" = $1 AND "outcome" = 'SUCCESS' AND "connectionId" = $2 AND ` +
      ("target" in where ? `"target" = $3 AND "details"->>'targetName' = $4` : `"details"->>'targetRealmId' = $3`),
    [action, connectionId, ...("target" in where ? [where.target, where.targetName] : [where.targetRealmId])],
  );
  if (rows.length !== 1) return false;
  const writers = WRITE.map((role) => callers[role]).filter((c): c is TestUser => c !== null);
  return writers.some((w) => w.userId === rows[0]?.actorId && w.email === rows[0]?.actorEmail);
}

function transitionRow(action: string, from: "PREVIEW" | "QUEUED" | "PAUSED", to: string): ActionRow {
  return {
    allowed: WRITE,
    setup: async (callers) => {
      const job = await jobIn(from);
      return {
        input: job,
        happened: async () =>
          // The event names the job as the page titles it (selection → target realm).
          (await statusOf(job.jobId)) === to && (await auditedByWriter(callers, action, job.connectionId, { target: `bulk-job:${job.jobId}`, targetName: "matrix → Matrix" })),
      };
    },
  };
}

export const ACTION_ROWS: Record<string, ActionRow> = {
  "bulk.preview": {
    allowed: WRITE,
    setup: async (callers) => {
      const id = await connectionId();
      const target = await org.seedRealm(sb, { name: org.unique("bulk-preview") });
      const before = await sql.query(`SELECT count(*) AS n FROM "BulkMoveJob" WHERE "targetRealmId" = $1`, [target.id]);
      const login = `${org.unique("prev")}@x.example`;
      await org.seedUser(sb, { login, email: login, firstName: "P", lastName: "V" });
      return {
        input: { connectionId: id, targetRealmId: target.id, source: "csv", csv: `login\n${login}\n`, maxApiCapacity: 90 },
        happened: async () => {
          const after = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "BulkMoveJob" WHERE "targetRealmId" = $1`, [target.id]);
          const created = Number(after.rows[0]?.n) > Number((before.rows[0] as { n: string } | undefined)?.n ?? 0);
          return created && (await auditedByWriter(callers, "bulk.preview", id, { targetRealmId: target.id }));
        },
      };
    },
  },
  "bulk.start": transitionRow("bulk.start", "PREVIEW", "QUEUED"),
  "bulk.pause": transitionRow("bulk.pause", "QUEUED", "PAUSED"),
  "bulk.resume": transitionRow("bulk.resume", "PAUSED", "QUEUED"),
  "bulk.cancel": transitionRow("bulk.cancel", "QUEUED", "CANCELLED"),
};

const query = `connectionId=${encodeURIComponent(routeConnectionId)}&jobId=${encodeURIComponent(routeJobId)}`;
export const ROUTE_ROWS: Record<string, RouteRow> = {
  "bulk.progress": { allowed: READ, request: () => new Request(`http://localhost/api/bulk/progress?${query}`) },
  "bulk.results": { allowed: READ, request: () => new Request(`http://localhost/api/bulk/results?${query}`) },
  "bulk.items": { allowed: READ, request: () => new Request(`http://localhost/api/bulk/items?${query}&state=skipped`) },
};
