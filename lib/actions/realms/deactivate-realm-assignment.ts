"use server";

import { guardedAction } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { changeAssignment } from "@/lib/realms/assignment-operations";
import { assignmentIdInput } from "@/lib/realms/inputs";

/** Deactivates a realm assignment. */
export const deactivateRealmAssignment = guardedAction({ name: "realm.assignment.deactivate", permission: "realms.write", input: assignmentIdInput }, async (input, ctx) => {
  const outcome = await changeAssignment("realm.assignment.deactivate", input, { audit: ctx.audit });
  if (outcome.ok) revalidate("/connections/[id]", "layout");
  return outcome;
});
