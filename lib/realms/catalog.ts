// Every realm operation the app offers: its permission and the Okta client operations it calls,
// so the scope check before a call, the audit action name and the UI's "why is this disabled" all
// come from one table. Pure: pages and client components use it too.
import { can, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import type { OktaOperation } from "@/lib/okta/operations";
import { missingScopes } from "@/lib/okta/scopes";

export type RealmOperationSpec = { label: string; permission: Extract<Permission, "realms.read" | "realms.write">; okta: readonly OktaOperation[] };

export const REALM_OPERATIONS = {
  "realm.search": { label: "Search realms", permission: "realms.read", okta: ["listRealms"] },
  "realm.read": { label: "Read realm", permission: "realms.read", okta: ["getRealm"] },
  "realm.create": { label: "Create realm", permission: "realms.write", okta: ["createRealm"] },
  // Reads the realm first: Okta's PUT replaces the whole profile.
  "realm.update": { label: "Update realm", permission: "realms.write", okta: ["getRealm", "replaceRealm"] },
  // Reads the realm first to check the typed confirmation against its current name.
  "realm.delete": { label: "Delete realm", permission: "realms.write", okta: ["getRealm", "deleteRealm"] },
  "realm.users.list": { label: "List realm users", permission: "realms.read", okta: ["listUsers"] },
  "realm.users.export": { label: "Export realm users", permission: "realms.read", okta: ["listUsers"] },
  "realm.user.schema": { label: "Read the user schema", permission: "realms.read", okta: ["getUserSchema"] },
  // The form comes from the schema, and the realm's allowed domains are checked before sending.
  "realm.user.create": { label: "Create realm user", permission: "realms.write", okta: ["getUserSchema", "getRealm", "createUser"] },
  "realm.user.find": { label: "Find user", permission: "realms.read", okta: ["getUser", "listUsers"] },
  // Reads the user and the target realm to explain a domain rule before Okta refuses the move.
  "realm.user.move": { label: "Update realm for user", permission: "realms.write", okta: ["getUser", "getRealm", "updateUser"] },
  "realm.assignment.list": { label: "List realm assignments", permission: "realms.read", okta: ["listRealmAssignments"] },
  "realm.assignment.create": { label: "Create realm assignment", permission: "realms.write", okta: ["createRealmAssignment"] },
  "realm.assignment.update": { label: "Edit realm assignment", permission: "realms.write", okta: ["replaceRealmAssignment"] },
  "realm.assignment.activate": { label: "Activate realm assignment", permission: "realms.write", okta: ["activateRealmAssignment"] },
  "realm.assignment.deactivate": { label: "Deactivate realm assignment", permission: "realms.write", okta: ["deactivateRealmAssignment"] },
  "realm.assignment.delete": { label: "Delete realm assignment", permission: "realms.write", okta: ["deleteRealmAssignment"] },
  "realm.assignment.execute": { label: "Run realm assignments", permission: "realms.write", okta: ["executeRealmAssignment"] },
  "realm.assignment.operations": { label: "Follow assignment runs", permission: "realms.read", okta: ["listRealmAssignmentOperations"] },
} as const satisfies Record<string, RealmOperationSpec>;

export type RealmOperationName = keyof typeof REALM_OPERATIONS;

export type Availability = { allowed: true } | { allowed: false; reason: string; missingScopes: string[] };

/** Whether this member may run the operation through a connection with these scopes, and if not, why. */
export function availability(operation: RealmOperationName, role: Role, grantedScopes: readonly string[]): Availability {
  const spec: RealmOperationSpec = REALM_OPERATIONS[operation];
  if (!can(role, spec.permission)) {
    return { allowed: false, reason: "Your role is read-only: an operator, admin or owner can do this.", missingScopes: [] };
  }
  const missing = missingScopes(spec.okta, grantedScopes);
  if (missing.length > 0) {
    return { allowed: false, reason: `This connection lacks ${missing.join(", ")}.`, missingScopes: missing };
  }
  return { allowed: true };
}

export type AvailabilityMap = Record<RealmOperationName, Availability>;

export function availabilityMap(role: Role, grantedScopes: readonly string[]): AvailabilityMap {
  const out = {} as AvailabilityMap;
  for (const name of Object.keys(REALM_OPERATIONS) as RealmOperationName[]) out[name] = availability(name, role, grantedScopes);
  return out;
}
