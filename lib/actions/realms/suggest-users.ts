"use server";

import { guardedAction } from "@/lib/auth/guard";
import { suggestUsersInput } from "@/lib/realms/inputs";
import { suggestUsers as run } from "@/lib/realms/user-operations";

/** Users whose login or email starts with what was typed (the Move a user picker). Audited as realm.user.find (purpose: picker). */
export const suggestUsers = guardedAction({ name: "realm.user.suggest", permission: "realms.read", input: suggestUsersInput }, async (input, ctx) =>
  run(input, { audit: ctx.audit }),
);
