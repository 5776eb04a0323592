"use server";

import { guardedAction } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { executeAssignment as run } from "@/lib/realms/assignment-operations";
import { executeAssignmentInput } from "@/lib/realms/inputs";

/** Runs one realm assignment, or every active one (`ALL`); returns the operation to follow. */
export const executeRealmAssignment = guardedAction({ name: "realm.assignment.execute", permission: "realms.write", input: executeAssignmentInput }, async (input, ctx) => {
  const outcome = await run(input, { audit: ctx.audit });
  if (outcome.ok) revalidate("/connections/[id]", "layout");
  return outcome;
});
