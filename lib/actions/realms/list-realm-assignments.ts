"use server";

import { guardedAction } from "@/lib/auth/guard";
import { listRealmAssignments as run } from "@/lib/realms/assignment-operations";
import { realmAssignmentsInput } from "@/lib/realms/inputs";

/** The assignments targeting one realm, loaded when its Assignments tab is first shown. Audited as realm.assignment.list. */
export const listRealmAssignments = guardedAction({ name: "realm.assignment.list_for_realm", permission: "realms.read", input: realmAssignmentsInput }, async (input, ctx) =>
  run(input, { audit: ctx.audit }),
);
