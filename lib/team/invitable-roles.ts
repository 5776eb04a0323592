import type { Role } from "@/lib/generated/prisma/enums";

// Decision: owners may invite any role, including another owner; admins may invite admins,
// operators and viewers, never owners (otherwise an admin could make a friend an owner and have
// them demote the real owners). Roles are raised to OWNER only by an owner.
export function invitableRoles(inviterRole: Role): Role[] {
  switch (inviterRole) {
    case "OWNER":
      return ["OWNER", "ADMIN", "OPERATOR", "VIEWER"];
    case "ADMIN":
      return ["ADMIN", "OPERATOR", "VIEWER"];
    default:
      return [];
  }
}

export function mayInvite(inviterRole: Role, invitedRole: Role): boolean {
  return invitableRoles(inviterRole).includes(invitedRole);
}
