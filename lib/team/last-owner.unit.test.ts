import { describe, expect, it } from "vitest";
import { ROLES } from "@/lib/auth/permissions";
import { invitableRoles, mayInvite } from "./invitable-roles";
import { checkLastOwnerRule } from "./last-owner";

describe("last owner rule", () => {
  it("refuses removing the only owner", () => {
    const verdict = checkLastOwnerRule({ kind: "remove", currentRole: "OWNER" }, 1);
    expect(verdict).toEqual({ ok: false, message: expect.stringMatching(/last owner cannot be removed/) });
  });

  it.each(["ADMIN", "OPERATOR", "VIEWER"] as const)("refuses demoting the only owner to %s", (newRole) => {
    const verdict = checkLastOwnerRule({ kind: "change-role", currentRole: "OWNER", newRole }, 1);
    expect(verdict).toEqual({ ok: false, message: expect.stringMatching(/last owner cannot be demoted/) });
  });

  it("allows removing or demoting an owner when another owner remains", () => {
    expect(checkLastOwnerRule({ kind: "remove", currentRole: "OWNER" }, 2).ok).toBe(true);
    expect(checkLastOwnerRule({ kind: "change-role", currentRole: "OWNER", newRole: "VIEWER" }, 2).ok).toBe(true);
  });

  it("allows an owner staying owner, and any change to non-owners", () => {
    expect(checkLastOwnerRule({ kind: "change-role", currentRole: "OWNER", newRole: "OWNER" }, 1).ok).toBe(true);
    for (const currentRole of ["ADMIN", "OPERATOR", "VIEWER"] as const) {
      expect(checkLastOwnerRule({ kind: "remove", currentRole }, 1).ok).toBe(true);
      for (const newRole of ROLES) expect(checkLastOwnerRule({ kind: "change-role", currentRole, newRole }, 1).ok).toBe(true);
    }
  });

  it("treats a count of zero (inconsistent data) like one: never lose an owner", () => {
    expect(checkLastOwnerRule({ kind: "remove", currentRole: "OWNER" }, 0).ok).toBe(false);
  });
});

describe("who may invite which role", () => {
  it("lets owners invite every role and admins every role but owner", () => {
    expect(invitableRoles("OWNER")).toEqual(["OWNER", "ADMIN", "OPERATOR", "VIEWER"]);
    expect(invitableRoles("ADMIN")).toEqual(["ADMIN", "OPERATOR", "VIEWER"]);
    expect(mayInvite("ADMIN", "OWNER")).toBe(false);
  });

  it("lets operators and viewers invite nobody", () => {
    expect(invitableRoles("OPERATOR")).toEqual([]);
    expect(invitableRoles("VIEWER")).toEqual([]);
  });
});
