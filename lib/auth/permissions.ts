import type { Role } from "@/lib/generated/prisma/enums";

// The single permission map. Every guard (server actions, route handlers, pages, navigation) asks
// `can(role, permission)`; nothing compares roles directly. Pure, so client code and tests can import it.

export const ROLES = ["OWNER", "ADMIN", "OPERATOR", "VIEWER"] as const satisfies readonly Role[];

export const PERMISSIONS = {
  /** See the connection list and connection details (never secrets). */
  "connections.read": ["OWNER", "ADMIN", "OPERATOR", "VIEWER"],
  /** Create, reauthorize, rename, test and delete connections. */
  "connections.manage": ["OWNER", "ADMIN"],
  /** Read-only realm operations (list realms, realm users, assignments). */
  "realms.read": ["OWNER", "ADMIN", "OPERATOR", "VIEWER"],
  /** Realm operations that write to Okta, through existing connections. */
  "realms.write": ["OWNER", "ADMIN", "OPERATOR"],
  /** Invite people (admins may not invite owners: see lib/team/invitable-roles.ts) and revoke invitations. */
  "members.invite": ["OWNER", "ADMIN"],
  /** Change roles and remove members. */
  "members.manage": ["OWNER"],
  /** Read the audit log. */
  "audit.read": ["OWNER", "ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  OPERATOR: "Operator",
  VIEWER: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  OWNER: "Everything, including managing members and roles",
  ADMIN: "Manage connections, run every realm operation, invite people",
  OPERATOR: "Run every realm operation with existing connections",
  VIEWER: "Read-only realm operations; sees the connection list",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
