"use server";

import { guardedAction } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { updateAssignment as run } from "@/lib/realms/assignment-operations";
import { updateAssignmentInput } from "@/lib/realms/inputs";

/** Edits a realm assignment: profile source, condition, target realm, priority. */
export const updateRealmAssignment = guardedAction({ name: "realm.assignment.update", permission: "realms.write", input: updateAssignmentInput }, async (input, ctx) => {
  const outcome = await run(input, { audit: ctx.audit });
  if (outcome.ok) revalidate("/connections/[id]", "layout");
  return outcome;
});
