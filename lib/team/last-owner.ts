import type { Role } from "@/lib/generated/prisma/enums";

// The team must always keep an owner: otherwise nobody could manage members again. Pure, so the
// rule is unit-tested; the actions apply it inside a transaction holding the team lock.

export type OwnerChange =
  | { kind: "change-role"; currentRole: Role; newRole: Role }
  | { kind: "remove"; currentRole: Role };

export type OwnerRuleVerdict = { ok: true } | { ok: false; message: string };

export function checkLastOwnerRule(change: OwnerChange, ownerCount: number): OwnerRuleVerdict {
  const losesOwner = change.currentRole === "OWNER" && (change.kind === "remove" || change.newRole !== "OWNER");
  if (losesOwner && ownerCount <= 1) {
    return {
      ok: false,
      message:
        change.kind === "remove"
          ? "The last owner cannot be removed. Make someone else an owner first."
          : "The last owner cannot be demoted. Make someone else an owner first.",
    };
  }
  return { ok: true };
}
