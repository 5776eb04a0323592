"use server";

import { guardedAction } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { changeAssignment } from "@/lib/realms/assignment-operations";
import { assignmentIdInput } from "@/lib/realms/inputs";

/** Activates a realm assignment. */
export const activateRealmAssignment = guardedAction({ name: "realm.assignment.activate", permission: "realms.write", input: assignmentIdInput }, async (input, ctx) => {
  const outcome = await changeAssignment("realm.assignment.activate", input, { audit: ctx.audit });
  if (outcome.ok) revalidate("/connections/[id]", "layout");
  return outcome;
});
