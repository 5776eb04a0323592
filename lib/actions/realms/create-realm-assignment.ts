"use server";

import { guardedAction } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { createAssignment as run } from "@/lib/realms/assignment-operations";
import { createAssignmentInput } from "@/lib/realms/inputs";

/** Creates a realm assignment (Okta starts it INACTIVE). */
export const createRealmAssignment = guardedAction({ name: "realm.assignment.create", permission: "realms.write", input: createAssignmentInput }, async (input, ctx) => {
  const outcome = await run(input, { audit: ctx.audit });
  if (outcome.ok) revalidate("/connections/[id]", "layout");
  return outcome;
});
