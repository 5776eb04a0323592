import { createHash } from "node:crypto";
import { iso } from "../org/clock";
import type { OrgStore } from "../org/store";
import type { AssignmentRecord, OperationRecord, RealmRecord, UserRecord } from "../org/types";
import { BASE_PROPERTIES, BASE_REQUIRED } from "../org/user-schema";

// Renders org records the way Okta's API returns them (spec schemas Realm, User,
// RealmAssignment, RealmAssignmentOperationResponse, UserSchema).

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function realmJson(orgUrl: string, r: RealmRecord) {
  return {
    id: r.id,
    created: iso(r.created),
    lastUpdated: iso(r.lastUpdated),
    isDefault: r.isDefault,
    profile: { ...r.profile, ...(r.profile.domains ? { domains: [...r.profile.domains] } : {}) },
    _links: { self: { rel: "self", href: `${orgUrl}/api/v1/realms/${r.id}`, method: "GET" } },
  };
}

/** The default user type's id (one per org; derived so it is stable without being stored). */
export const userTypeId = (store: OrgStore) => `oty${store.schemaMeta.id.slice(3)}`;

export function userJson(orgUrl: string, store: OrgStore, u: UserRecord, full = true) {
  const self = `${orgUrl}/api/v1/users/${u.id}`;
  const links: Record<string, { href: string; method?: string }> = { self: { href: self } };
  if (full) {
    if (u.status === "STAGED" || u.status === "DEPROVISIONED")
      links.activate = { href: `${self}/lifecycle/activate`, method: "POST" };
    if (u.status !== "DEPROVISIONED") links.deactivate = { href: `${self}/lifecycle/deactivate`, method: "POST" };
    links.schema = { href: `${orgUrl}/api/v1/meta/schemas/user/${store.schemaMeta.id}` };
    links.type = { href: `${orgUrl}/api/v1/meta/types/user/${userTypeId(store)}` };
  }
  const credentials: Record<string, unknown> = {};
  if (u.passwordHash) credentials.password = {};
  if (u.recoveryQuestion) credentials.recovery_question = { question: u.recoveryQuestion.question };
  credentials.provider = { ...u.provider };
  return {
    id: u.id,
    status: u.status,
    created: iso(u.created),
    activated: isoOrNull(u.activated),
    statusChanged: isoOrNull(u.statusChanged),
    lastLogin: isoOrNull(u.lastLogin),
    lastUpdated: iso(u.lastUpdated),
    passwordChanged: isoOrNull(u.passwordChanged),
    type: { id: userTypeId(store) },
    profile: { ...u.profile },
    realmId: u.realmId,
    credentials,
    _links: links,
  };
}

export const userEtag = (u: UserRecord) =>
  `W/"${createHash("sha1").update(`${u.id}:${u.version}:${u.lastUpdated}`).digest("hex").slice(0, 16)}"`;

export function assignmentJson(orgUrl: string, a: AssignmentRecord) {
  return {
    id: a.id,
    name: a.name,
    priority: a.priority,
    status: a.status,
    isDefault: a.isDefault,
    created: iso(a.created),
    lastUpdated: iso(a.lastUpdated),
    conditions: a.conditions,
    actions: a.actions,
    _links: { self: { rel: "self", href: `${orgUrl}/api/v1/realm-assignments/${a.id}`, method: "GET" } },
  };
}

export function operationJson(orgUrl: string, store: OrgStore, op: OperationRecord) {
  const status = store.operationStatus(op);
  return {
    id: op.id,
    type: "realm:assignment",
    status,
    created: iso(op.created),
    ...(status !== "SCHEDULED" ? { started: iso(op.startsAt) } : {}),
    ...(status === "COMPLETED" ? { completed: iso(op.completesAt) } : {}),
    ...(op.realmId ? { realmId: op.realmId } : {}),
    ...(op.realmName ? { realmName: op.realmName } : {}),
    assignmentOperation: {
      configuration: op.configuration ? { ...op.configuration } : { id: "ALL", name: "All Assignments" },
    },
    numUserMoved: op.numUserMoved ?? 0,
    _links: { self: { rel: "self", href: `${orgUrl}/api/v1/operations/${op.id}`, method: "GET" } },
  };
}

export function userSchemaJson(orgUrl: string, store: OrgStore) {
  const custom = store.customSchema;
  return {
    id: `${orgUrl}/meta/schemas/user/default`,
    $schema: "http://json-schema.org/draft-04/schema#",
    name: "user",
    title: "Default Okta user",
    created: iso(store.schemaMeta.created),
    lastUpdated: iso(store.schemaMeta.lastUpdated),
    definitions: {
      base: { id: "#base", type: "object", properties: BASE_PROPERTIES, required: BASE_REQUIRED },
      custom: {
        id: "#custom",
        type: "object",
        properties: custom,
        required: Object.entries(custom)
          .filter(([, a]) => a.required)
          .map(([n]) => n),
      },
    },
    type: "object",
    properties: { profile: { allOf: [{ $ref: "#/definitions/base" }, { $ref: "#/definitions/custom" }] } },
    _links: {
      self: { rel: "self", href: `${orgUrl}/api/v1/meta/schemas/user/${store.schemaMeta.id}`, method: "GET" },
      type: { rel: "self", href: `${orgUrl}/api/v1/meta/types/user/${userTypeId(store)}`, method: "GET" },
    },
  };
}
