// One spec per server action and per guarded route: a valid input to damage (built fresh per run
// when the action consumes its target), its fields, which of them are required, and which must be
// strings (anything else there is an input error naming the field). Import after ./harness.
import { randomBytes } from "node:crypto";
import { connectionToOrg, db, fx, orgHost, pendingConnection, sb } from "./harness";

export type Spec = {
  /** A valid input (the property damages one aspect of it). */
  base: () => Promise<Record<string, unknown>>;
  fields: string[];
  /** Left out → INVALID_INPUT naming the field. */
  required: string[];
  /** Given a non-string → INVALID_INPUT naming the field (fields coerced from strings are not here). */
  strings: string[];
  /** base() writes to the database (a fresh target per run): the suite snapshots after it. */
  writesBase?: boolean;
  /**
   * What an accepted answer must hold for the input that was sent (the search/filter-injection
   * check: a hostile value may find nothing, never more than it names). `value` is the action's
   * Outcome value, or each item a listing route streamed.
   */
  invariant?: (input: Record<string, unknown>, value: unknown) => string | undefined;
};

const same = (a: unknown, b: string) => typeof a === "string" && a.trim().toLowerCase() === b.trim().toLowerCase();

const unique = (label: string) => `${label}-${randomBytes(4).toString("hex")}`;

/** realm.create and realm.update: an accepted hostile name is saved as sent (trimmed), not rewritten. */
const savedTheNameSent: NonNullable<Spec["invariant"]> = (input, value) => {
  const realm = value as { name?: unknown };
  return typeof input.name !== "string" || realm.name === input.name.trim() ? undefined : `saved the name ${JSON.stringify(realm.name).slice(0, 80)} for ${JSON.stringify(input.name).slice(0, 80)}`;
};

// ---------- the org's fixtures (made straight in the sandbox store: cheap, and not the code under test) ----------

const realmConnectionId = await connectionToOrg(unique("hostile-realms"));
const profileSourceId = sb.org.profileSourceId;
const newRealm = (name = unique("hostile-realm")) => sb.org.createRealm({ name });
const fixedRealm = newRealm();
const targetRealm = newRealm();
const mover = sb.org.createUser({ profile: { login: `${unique("mover")}@hostile.example`, email: "mover@hostile.example", firstName: "Move", lastName: "Me" }, realmId: fixedRealm.id, activate: false });
const newAssignment = () =>
  sb.org.createAssignment({
    name: unique("hostile-rule"),
    priority: 45,
    // Matches nobody: running it moves no one.
    conditions: { profileSourceId, expression: { value: 'user.profile.department == "No such department"' } },
    actions: { assignUserToRealm: { realmId: targetRealm.id } },
  });
const fixedAssignment = newAssignment();
const operation = sb.org.executeAssignments(fixedAssignment.id);

// ---------- database fixtures ----------

async function viewerTarget(): Promise<string> {
  const t = await fx.createUser("VIEWER", fx.uniqueEmail("target"));
  return t.membershipId;
}

async function bulkJob(status: "PREVIEW" | "QUEUED" | "PAUSED"): Promise<{ connectionId: string; jobId: string }> {
  const jobId = unique("hostile-job");
  await db().bulkMoveJob.create({
    data: {
      id: jobId,
      connectionId: realmConnectionId,
      targetRealmId: targetRealm.id,
      targetRealmName: targetRealm.profile.name,
      selectionKind: "csv",
      selectionSummary: "hostile",
      status,
      total: 1,
      items: { create: { seq: 1, input: mover.id, userId: mover.id, status: "PENDING" } },
    },
  });
  return { connectionId: realmConnectionId, jobId };
}
const routeJob = await bulkJob("PREVIEW");

const connectionCreds = () => ({ domain: orgHost, clientId: sb.seeded.connectorApp.clientId, clientSecret: sb.seeded.connectorApp.clientSecret });
const renameTarget = await pendingConnection(unique("hostile-rename"));
const reauthTarget = await pendingConnection(unique("hostile-reauth"));

const jobSpec = (status: "PREVIEW" | "QUEUED" | "PAUSED"): Spec => ({
  base: () => bulkJob(status),
  writesBase: true,
  fields: ["connectionId", "jobId"],
  required: ["connectionId", "jobId"],
  strings: ["connectionId", "jobId"],
});

const assignmentIdSpec = (fresh: boolean): Spec => ({
  base: async () => ({ connectionId: realmConnectionId, assignmentId: fresh ? newAssignment().id : fixedAssignment.id }),
  fields: ["connectionId", "assignmentId"],
  required: ["connectionId", "assignmentId"],
  strings: ["connectionId", "assignmentId"],
});

export const ACTION_SPECS: Record<string, Spec> = {
  // ----- members
  "member.invite": {
    base: async () => ({ email: fx.uniqueEmail("invitee"), role: "VIEWER" }),
    fields: ["email", "role"],
    required: ["email", "role"],
    strings: ["email", "role"],
  },
  "member.invitation_revoke": {
    writesBase: true,
    base: async () => ({ invitationId: (await db().invitation.create({ data: { email: fx.uniqueEmail("pending"), role: "VIEWER" } })).id }),
    fields: ["invitationId"],
    required: ["invitationId"],
    strings: ["invitationId"],
  },
  "member.role_change": {
    writesBase: true,
    base: async () => ({ membershipId: await viewerTarget(), role: "OPERATOR" }),
    fields: ["membershipId", "role"],
    required: ["membershipId", "role"],
    strings: ["membershipId", "role"],
  },
  "member.remove": {
    writesBase: true,
    base: async () => ({ membershipId: await viewerTarget() }),
    fields: ["membershipId"],
    required: ["membershipId"],
    strings: ["membershipId"],
  },
  // ----- connections
  "connection.create": {
    base: async () => ({ nickname: unique("hostile-new"), ...connectionCreds(), scopeMode: "default" }),
    fields: ["nickname", "domain", "clientId", "clientSecret", "scopeMode", "scopes"],
    required: ["nickname", "domain", "clientId", "clientSecret"],
    strings: ["nickname", "domain", "clientId", "clientSecret"],
  },
  "connection.reauthorize": {
    base: async () => ({ id: reauthTarget.id, scopeMode: "default" }),
    fields: ["id", "scopeMode", "scopes", "clientSecret"],
    required: ["id"],
    strings: ["id"],
  },
  "connection.rename": {
    base: async () => ({ id: renameTarget.id, nickname: unique("hostile-renamed") }),
    fields: ["id", "nickname"],
    required: ["id", "nickname"],
    strings: ["id", "nickname"],
  },
  "connection.test": {
    base: async () => ({ id: realmConnectionId }),
    fields: ["id"],
    required: ["id"],
    strings: ["id"],
  },
  "connection.delete": {
    writesBase: true,
    base: async () => {
      const c = await pendingConnection(unique("hostile-delete"));
      return { id: c.id, confirmation: c.nickname };
    },
    fields: ["id", "confirmation"],
    required: ["id", "confirmation"],
    strings: ["id", "confirmation"],
  },
  // ----- realms
  "realm.create": {
    base: async () => ({ connectionId: realmConnectionId, name: unique("hostile-created"), realmType: "PARTNER", domains: "hostile.example" }),
    invariant: savedTheNameSent,
    fields: ["connectionId", "name", "realmType", "domains"],
    required: ["connectionId", "name"],
    strings: ["connectionId", "name"],
  },
  "realm.update": {
    base: async () => ({ connectionId: realmConnectionId, realmId: fixedRealm.id, name: unique("hostile-updated") }),
    invariant: savedTheNameSent,
    fields: ["connectionId", "realmId", "name", "realmType", "domains"],
    required: ["connectionId", "realmId"],
    strings: ["connectionId", "realmId", "name"],
  },
  "realm.delete": {
    base: async () => {
      const r = newRealm();
      return { connectionId: realmConnectionId, realmId: r.id, confirmName: r.profile.name };
    },
    fields: ["connectionId", "realmId", "confirmName"],
    required: ["connectionId", "realmId", "confirmName"],
    strings: ["connectionId", "realmId", "confirmName"],
  },
  "realm.user.create": {
    base: async () => {
      const login = `${unique("new")}@hostile.example`;
      return {
        connectionId: realmConnectionId,
        realmId: fixedRealm.id,
        "profile.login": login,
        "profile.email": login,
        "profile.firstName": "Hostile",
        "profile.lastName": "Input",
        credentialOption: "none",
        activate: "false",
      };
    },
    fields: ["connectionId", "realmId", "profile.login", "profile.email", "profile.firstName", "profile.lastName", "credentialOption", "password", "recoveryQuestion", "recoveryAnswer", "activate"],
    required: ["connectionId", "realmId"],
    strings: ["connectionId", "realmId"],
  },
  "realm.user.find": {
    base: async () => ({ connectionId: realmConnectionId, query: sb.seeded.admin.login }),
    invariant: (input, value) => {
      const user = value as { id?: unknown; login?: unknown; email?: unknown };
      const query = typeof input.query === "string" ? input.query : "";
      return same(user.id, query) || same(user.login, query) || same(user.email, query) ? undefined : `found ${String(user.login)} for the query ${JSON.stringify(query).slice(0, 80)}`;
    },
    fields: ["connectionId", "query"],
    required: ["connectionId", "query"],
    strings: ["connectionId", "query"],
  },
  "realm.user.suggest": {
    base: async () => ({ connectionId: realmConnectionId, prefix: sb.seeded.admin.login.slice(0, 5) }),
    invariant: (input, value) => {
      const prefix = typeof input.prefix === "string" ? input.prefix.trim().toLowerCase() : "";
      const users = Array.isArray(value) ? (value as { login?: unknown; email?: unknown }[]) : [];
      const stray = users.find((u) => ![u.login, u.email].some((v) => typeof v === "string" && v.toLowerCase().startsWith(prefix)));
      return stray ? `suggested ${String(stray.login)} for the prefix ${JSON.stringify(prefix).slice(0, 80)}` : undefined;
    },
    fields: ["connectionId", "prefix"],
    required: ["connectionId", "prefix"],
    strings: ["connectionId", "prefix"],
  },
  "realm.user.move": {
    base: async () => ({ connectionId: realmConnectionId, userId: mover.id, realmId: fixedRealm.id }),
    fields: ["connectionId", "userId", "realmId"],
    required: ["connectionId", "userId", "realmId"],
    strings: ["connectionId", "userId", "realmId"],
  },
  "realm.assignment.list_for_realm": {
    base: async () => ({ connectionId: realmConnectionId, realmId: targetRealm.id }),
    invariant: (input, value) => {
      const assignments = (value as { assignments?: { name?: unknown; targetRealmId?: unknown }[] }).assignments ?? [];
      const stray = assignments.find((a) => a.targetRealmId !== input.realmId);
      return stray ? `listed ${String(stray.name)} (target ${String(stray.targetRealmId)}) for realm ${JSON.stringify(input.realmId).slice(0, 80)}` : undefined;
    },
    fields: ["connectionId", "realmId"],
    required: ["connectionId", "realmId"],
    strings: ["connectionId", "realmId"],
  },
  "realm.assignment.create": {
    base: async () => ({
      connectionId: realmConnectionId,
      name: unique("hostile-rule"),
      priority: "30",
      profileSourceId,
      expression: 'user.profile.department == "Nobody here"',
      targetRealmId: targetRealm.id,
    }),
    fields: ["connectionId", "name", "priority", "profileSourceId", "expression", "targetRealmId"],
    required: ["connectionId", "name", "priority", "profileSourceId", "targetRealmId"],
    strings: ["connectionId", "name", "profileSourceId", "targetRealmId"],
  },
  "realm.assignment.update": {
    base: async () => ({
      connectionId: realmConnectionId,
      assignmentId: fixedAssignment.id,
      name: unique("hostile-edited"),
      priority: "41",
      profileSourceId,
      expression: 'user.profile.department == "Nobody there"',
      targetRealmId: targetRealm.id,
    }),
    fields: ["connectionId", "assignmentId", "name", "priority", "profileSourceId", "expression", "targetRealmId"],
    required: ["connectionId", "assignmentId", "name", "priority", "profileSourceId", "targetRealmId"],
    strings: ["connectionId", "assignmentId", "name", "profileSourceId", "targetRealmId"],
  },
  "realm.assignment.activate": assignmentIdSpec(false),
  "realm.assignment.deactivate": assignmentIdSpec(false),
  "realm.assignment.delete": assignmentIdSpec(true),
  "realm.assignment.execute": assignmentIdSpec(false),
  "realm.assignment.operations": {
    base: async () => ({ connectionId: realmConnectionId, operationId: operation.id }),
    fields: ["connectionId", "operationId"],
    required: ["connectionId", "operationId"],
    strings: ["connectionId", "operationId"],
  },
  // ----- bulk moves
  "bulk.preview": {
    base: async () => ({ connectionId: realmConnectionId, targetRealmId: targetRealm.id, source: "csv", csv: `login\n${sb.seeded.admin.login}\n`, maxApiCapacity: 90 }),
    fields: ["connectionId", "targetRealmId", "source", "csv", "fileName", "search", "sourceRealmId", "maxApiCapacity"],
    required: ["connectionId", "targetRealmId", "source"],
    strings: ["connectionId", "targetRealmId", "source"],
  },
  "bulk.start": jobSpec("PREVIEW"),
  "bulk.pause": jobSpec("QUEUED"),
  "bulk.resume": jobSpec("PAUSED"),
  "bulk.cancel": jobSpec("QUEUED"),
};

/** Routes take a query string: every value is a string, so "wrong types" arrive as their JSON text. */
export const ROUTE_SPECS: Record<string, Spec & { path: string }> = {
  "audit.export": { path: "/api/audit", base: async () => ({ limit: "5" }), fields: ["limit", "after"], required: [], strings: [] },
  "realm.search": {
    path: "/api/realms/search",
    base: async () => ({ connectionId: realmConnectionId, name: "hostile", sortOrder: "asc", resultSet: "first200" }),
    invariant: (input, value) => {
      const name = typeof input.name === "string" ? input.name.trim().toLowerCase() : "";
      const realm = value as { name?: unknown };
      return name === "" || (typeof realm.name === "string" && realm.name.toLowerCase().includes(name)) ? undefined : `listed ${String(realm.name)} for the name ${JSON.stringify(name).slice(0, 80)}`;
    },
    fields: ["connectionId", "name", "sortOrder", "resultSet"],
    required: ["connectionId"],
    strings: [],
  },
  "realm.users.list": {
    path: "/api/realms/users",
    base: async () => ({ connectionId: realmConnectionId, realmId: fixedRealm.id, resultSet: "first200", limit: "10", sortBy: "profile.login", sortOrder: "asc" }),
    invariant: (input, value) => {
      const user = value as { realmId?: unknown; login?: unknown };
      return user.realmId === input.realmId ? undefined : `listed ${String(user.login)} of realm ${String(user.realmId)} for realm ${JSON.stringify(input.realmId).slice(0, 80)}`;
    },
    fields: ["connectionId", "realmId", "resultSet", "limit", "sortBy", "sortOrder"],
    required: ["connectionId", "realmId"],
    strings: [],
  },
  "realm.users.export": {
    path: "/api/realms/users/export",
    base: async () => ({ connectionId: realmConnectionId, realmId: fixedRealm.id, limit: "10" }),
    fields: ["connectionId", "realmId", "limit"],
    required: ["connectionId", "realmId"],
    strings: [],
  },
  "bulk.progress": { path: "/api/bulk/progress", base: async () => ({ ...routeJob }), fields: ["connectionId", "jobId"], required: ["connectionId", "jobId"], strings: [] },
  "bulk.results": { path: "/api/bulk/results", base: async () => ({ ...routeJob }), fields: ["connectionId", "jobId"], required: ["connectionId", "jobId"], strings: [] },
  "bulk.items": {
    path: "/api/bulk/items",
    base: async () => ({ ...routeJob, state: "pending", after: "0" }),
    fields: ["connectionId", "jobId", "state", "after"],
    required: ["connectionId", "jobId"],
    strings: [],
  },
  "connection.authorize": {
    path: "/api/connections/callback",
    base: async () => ({ state: "not-a-state", code: "x" }),
    fields: ["state", "code", "error", "error_description", "iss"],
    required: [],
    strings: [],
  },
};
