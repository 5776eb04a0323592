// Authorization-matrix rows for the realm actions and routes (merged by the matrix test). Allowed
// callers must really change the sandbox org (writes) or really call it (reads); refused callers
// must not. Importing this starts a sandbox Okta org in process and stores a connection to it with
// every realm scope, so it must be imported before anything reads env() (the org's http origin has
// to be in DEV_OKTA_HTTP_ORIGINS).
import { afterAll } from "vitest";
import type { Role } from "@/lib/generated/prisma/enums";
import type { CallerKind, TestUser } from "../support/team-fixtures";

const { db } = await import("@/lib/db");
const { env } = await import("@/lib/env");
const { keyringFromEnv } = await import("@/lib/crypto");
const { parseDevHttpOrigins } = await import("@/lib/okta/domain");
const org = await import("@/lib/realms/testing/sandbox-org");
await import("../support/team-fixtures"); // sets the test AUTH_SECRET / ENCRYPTION_KEY before env() is read

const sb = await org.startTestOrg();
process.env.DEV_OKTA_HTTP_ORIGINS = [process.env.DEV_OKTA_HTTP_ORIGINS, sb.url].filter(Boolean).join(",");
if (!parseDevHttpOrigins(env().DEV_OKTA_HTTP_ORIGINS).includes(sb.url)) {
  throw new Error("tests/authorization/realms.rows.ts was imported after env() was first read; import it first");
}
try {
  afterAll(() => sb.stop());
} catch {
  // Imported outside a test file's collection: the worker's exit ends the server.
}

const connectionId = await org.connectionWithScopes({ db: db(), keyring: keyringFromEnv(env()) }, sb, org.ALL_REALM_SCOPES, org.unique("matrix-realms"));

type Callers = Record<CallerKind, TestUser | null>;
type ActionCase = { input: unknown; happened: () => Promise<boolean> };
type ActionRow = { allowed: Role[]; setup: (callers: Callers) => Promise<ActionCase> };
type RouteRow = { allowed: Role[]; request: () => Request };

const READ: Role[] = ["OWNER", "ADMIN", "OPERATOR", "VIEWER"];
const WRITE: Role[] = ["OWNER", "ADMIN", "OPERATOR"];

/** For reads: "it happened" = the org answered a Management API request after setup. */
function calledOkta(): () => Promise<boolean> {
  const before = org.managementRequests(sb);
  return async () => org.managementRequests(sb) > before;
}

const realm = (profile: { name: string; realmType?: string; domains?: string[] }) => org.seedRealm(sb, profile);
const getRealm = (id: string) => org.ssws<{ profile: { name: string } }>(sb, "GET", `/api/v1/realms/${id}`);

type Assignment = { id: string; name: string; status: string; conditions: { profileSourceId: string } };
async function profileSourceId(): Promise<string> {
  const list = await org.ssws<Assignment[]>(sb, "GET", "/api/v1/realm-assignments?limit=200");
  const source = list.body.find((a) => a.conditions.profileSourceId)?.conditions.profileSourceId;
  if (!source) throw new Error("the sandbox has no profile source");
  return source;
}
async function assignment(): Promise<Assignment & { targetRealmId: string; profileSourceId: string }> {
  const target = await realm({ name: org.unique("assign-target") });
  const source = await profileSourceId();
  const res = await org.ssws<Assignment>(sb, "POST", "/api/v1/realm-assignments", {
    name: org.unique("rule"),
    priority: 40,
    // Matches nobody: running it must not move the users other rows rely on.
    conditions: { profileSourceId: source, expression: { value: 'user.profile.department == "No such department"' } },
    actions: { assignUserToRealm: { realmId: target.id } },
  });
  return { ...res.body, targetRealmId: target.id, profileSourceId: source };
}
const assignmentStatus = async (id: string) => (await org.ssws<Assignment>(sb, "GET", `/api/v1/realm-assignments/${id}`)).body.status;
const operationCount = async () => (await org.ssws<unknown[]>(sb, "GET", "/api/v1/realm-assignments/operations?limit=200")).body.length;

export const ACTION_ROWS: Record<string, ActionRow> = {
  "realm.create": {
    allowed: WRITE,
    setup: async () => {
      const name = org.unique("matrix-create");
      return {
        input: { connectionId, name, realmType: "PARTNER", domains: "matrix.example" },
        happened: async () => {
          const found = await org.ssws<unknown[]>(sb, "GET", `/api/v1/realms?search=${encodeURIComponent(`profile.name eq "${name}"`)}`);
          return found.body.length === 1;
        },
      };
    },
  },
  "realm.update": {
    allowed: WRITE,
    setup: async () => {
      const r = await realm({ name: org.unique("matrix-update") });
      const name = `${r.profile.name}-renamed`;
      return { input: { connectionId, realmId: r.id, name }, happened: async () => (await getRealm(r.id)).body.profile.name === name };
    },
  },
  "realm.delete": {
    allowed: WRITE,
    setup: async () => {
      const r = await realm({ name: org.unique("matrix-delete") });
      return { input: { connectionId, realmId: r.id, confirmName: r.profile.name }, happened: async () => (await getRealm(r.id)).status === 404 };
    },
  },
  "realm.user.create": {
    allowed: WRITE,
    setup: async () => {
      const r = await realm({ name: org.unique("matrix-users") });
      const login = `${org.unique("new")}@matrix.example`;
      return {
        input: { connectionId, realmId: r.id, "profile.login": login, "profile.email": login, "profile.firstName": "Matrix", "profile.lastName": "User", credentialOption: "none", activate: "false" },
        happened: async () => (await org.ssws(sb, "GET", `/api/v1/users/${encodeURIComponent(login)}`)).status === 200,
      };
    },
  },
  "realm.user.find": {
    allowed: READ,
    setup: async () => ({ input: { connectionId, query: sb.seeded.admin.login }, happened: calledOkta() }),
  },
  "realm.user.suggest": {
    allowed: READ,
    setup: async () => ({ input: { connectionId, prefix: sb.seeded.admin.login.slice(0, 5) }, happened: calledOkta() }),
  },
  "realm.user.move": {
    allowed: WRITE,
    setup: async () => {
      const [from, to] = [await realm({ name: org.unique("move-from") }), await realm({ name: org.unique("move-to") })];
      const login = `${org.unique("mover")}@matrix.example`;
      const user = await org.seedUser(sb, { login, email: login, firstName: "Move", lastName: "Me" }, from.id);
      return {
        input: { connectionId, userId: user.id, realmId: to.id },
        happened: async () => (await org.ssws<{ realmId?: string }>(sb, "GET", `/api/v1/users/${user.id}`)).body.realmId === to.id,
      };
    },
  },
  "realm.assignment.list_for_realm": {
    allowed: READ,
    setup: async () => ({ input: { connectionId, realmId: (await assignment()).targetRealmId }, happened: calledOkta() }),
  },
  "realm.assignment.create": {
    allowed: WRITE,
    setup: async () => {
      const target = await realm({ name: org.unique("matrix-target") });
      const name = org.unique("matrix-rule");
      return {
        input: { connectionId, name, priority: "30", profileSourceId: await profileSourceId(), expression: 'user.profile.department == "Matrix"', targetRealmId: target.id },
        happened: async () => (await org.ssws<Assignment[]>(sb, "GET", "/api/v1/realm-assignments?limit=200")).body.some((a) => a.name === name),
      };
    },
  },
  "realm.assignment.update": {
    allowed: WRITE,
    setup: async () => {
      const a = await assignment();
      const name = `${a.name}-edited`;
      return {
        input: { connectionId, assignmentId: a.id, name, priority: "41", profileSourceId: a.profileSourceId, expression: "", targetRealmId: a.targetRealmId },
        happened: async () => (await org.ssws<Assignment>(sb, "GET", `/api/v1/realm-assignments/${a.id}`)).body.name === name,
      };
    },
  },
  "realm.assignment.activate": {
    allowed: WRITE,
    setup: async () => {
      const a = await assignment();
      return { input: { connectionId, assignmentId: a.id }, happened: async () => (await assignmentStatus(a.id)) === "ACTIVE" };
    },
  },
  "realm.assignment.deactivate": {
    allowed: WRITE,
    setup: async () => {
      const a = await assignment();
      await org.ssws(sb, "POST", `/api/v1/realm-assignments/${a.id}/lifecycle/activate`);
      return { input: { connectionId, assignmentId: a.id }, happened: async () => (await assignmentStatus(a.id)) === "INACTIVE" };
    },
  },
  "realm.assignment.delete": {
    allowed: WRITE,
    setup: async () => {
      const a = await assignment();
      return { input: { connectionId, assignmentId: a.id }, happened: async () => (await org.ssws(sb, "GET", `/api/v1/realm-assignments/${a.id}`)).status === 404 };
    },
  },
  "realm.assignment.execute": {
    allowed: WRITE,
    setup: async () => {
      const a = await assignment();
      const before = await operationCount();
      return { input: { connectionId, assignmentId: a.id }, happened: async () => (await operationCount()) > before };
    },
  },
  "realm.assignment.operations": {
    allowed: READ,
    setup: async () => {
      // One assignment, not ALL: ALL ends with the catch-all, which would move other rows' users.
      const run = await org.ssws<{ id: string }>(sb, "POST", "/api/v1/realm-assignments/operations", { assignmentId: (await assignment()).id });
      return { input: { connectionId, operationId: run.body.id }, happened: calledOkta() };
    },
  },
};

const realmsUrl = (path: string, query: Record<string, string>) => `http://localhost${path}?${new URLSearchParams({ connectionId, ...query }).toString()}`;
const defaultRealmId = (await org.ssws<{ id: string; isDefault: boolean }[]>(sb, "GET", "/api/v1/realms")).body.find((r) => r.isDefault)?.id ?? "";

export const ROUTE_ROWS: Record<string, RouteRow> = {
  "realm.search": { allowed: READ, request: () => new Request(realmsUrl("/api/realms/search", { resultSet: "first200" })) },
  "realm.users.list": { allowed: READ, request: () => new Request(realmsUrl("/api/realms/users", { realmId: defaultRealmId })) },
  "realm.users.export": { allowed: READ, request: () => new Request(realmsUrl("/api/realms/users/export", { realmId: defaultRealmId, limit: "10" })) },
};
