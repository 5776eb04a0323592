"use server";

import { guardedAction } from "@/lib/auth/guard";
import { operationStatusInput } from "@/lib/realms/inputs";
import { operationStatus } from "@/lib/realms/assignment-operations";

/** The state of a realm assignment run, polled by the screen until it completes. */
export const getAssignmentOperation = guardedAction(
  { name: "realm.assignment.operations", permission: "realms.read", input: operationStatusInput },
  async (input, ctx) => operationStatus(input, { audit: ctx.audit }),
);
