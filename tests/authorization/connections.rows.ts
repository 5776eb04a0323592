// Authorization-matrix rows for the connection actions and the OAuth callback route (merged into
// tests/integration/authorization-matrix.int.test.ts with every tests/authorization/*.rows.ts).
//
// Create and reauthorize run discovery against an Okta org, so this module starts a sandbox org
// (test mode) when it is loaded and allows its http origin. That must happen before the app's
// env() is first read: import this module at the top of the matrix (as its own imports are).
import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";
import type { Role } from "@/lib/generated/prisma/enums";
import { startSandbox } from "@/sandbox";
import type { createCallers } from "../support/team-fixtures";

type Callers = Awaited<ReturnType<typeof createCallers>>;
type ActionCase = { input: unknown; happened: () => Promise<boolean> };
export type ActionRow = { allowed: Role[]; setup: (callers: Callers) => Promise<ActionCase> };
export type RouteRow = { allowed: Role[]; request: () => Request };

const sandbox = await startSandbox({ mode: "test" });
process.env.DEV_OKTA_HTTP_ORIGINS = [process.env.DEV_OKTA_HTTP_ORIGINS, sandbox.url].filter(Boolean).join(",");
afterAll(() => sandbox.stop());

const host = new URL(sandbox.url).host;
const { clientId, clientSecret } = sandbox.seeded.connectorApp;
const MANAGERS: Role[] = ["OWNER", "ADMIN"];
const unique = (label: string) => `${label}-${randomBytes(4).toString("hex")}`;

async function deps() {
  const { connectionDeps } = await import("@/lib/connections/server");
  return connectionDeps();
}

/** A Pending connection to the sandbox org, straight through lib/connections. */
async function pendingConnection() {
  const { createConnection } = await import("@/lib/connections");
  return createConnection(await deps(), {
    nickname: unique("matrix"),
    oktaDomain: host,
    clientId,
    clientSecret,
    requestedScopes: ["openid", "okta.realms.read"],
    createdById: null,
  });
}

export const ACTION_ROWS: Record<string, ActionRow> = {
  "connection.create": {
    allowed: MANAGERS,
    setup: async () => {
      const nickname = unique("created");
      return {
        input: { nickname, domain: host, clientId, clientSecret, scopeMode: "default" },
        happened: async () => (await (await deps()).db.connection.count({ where: { nickname } })) === 1,
      };
    },
  },
  "connection.reauthorize": {
    allowed: MANAGERS,
    setup: async () => {
      const conn = await pendingConnection();
      return { input: { id: conn.id }, happened: async () => (await (await deps()).db.connectionAuthorization.count({ where: { connectionId: conn.id } })) > 0 };
    },
  },
  "connection.rename": {
    allowed: MANAGERS,
    setup: async () => {
      const conn = await pendingConnection();
      const nickname = unique("renamed");
      return { input: { id: conn.id, nickname }, happened: async () => (await (await deps()).db.connection.findUnique({ where: { id: conn.id } }))?.nickname === nickname };
    },
  },
  "connection.test": {
    allowed: MANAGERS,
    setup: async () => {
      const conn = await pendingConnection();
      return {
        input: { id: conn.id },
        happened: async () =>
          (await (await deps()).db.auditEvent.count({ where: { action: "connection.test", connectionId: conn.id, outcome: { in: ["SUCCESS", "FAILURE"] } } })) > 0,
      };
    },
  },
  "connection.delete": {
    allowed: MANAGERS,
    setup: async () => {
      const conn = await pendingConnection();
      return { input: { id: conn.id, confirmation: conn.nickname }, happened: async () => (await (await deps()).db.connection.count({ where: { id: conn.id } })) === 0 };
    },
  },
};

export const ROUTE_ROWS: Record<string, RouteRow> = {
  // An unknown state is refused with a redirect to the Connections page (a reason code); the state rules
  // themselves are in lib/connections/authorize/callback.int.test.ts.
  "connection.authorize": {
    allowed: MANAGERS,
    request: () => new Request("http://localhost/api/connections/callback?state=not-a-state&code=x"),
  },
};
