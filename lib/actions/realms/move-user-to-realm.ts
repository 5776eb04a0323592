"use server";

import { guardedAction } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { moveUserToRealm as run } from "@/lib/realms/user-operations";
import { moveUserInput } from "@/lib/realms/inputs";

/** Update Realm for User: moves a user to another realm (the target's domain rule is checked first). */
export const moveUserToRealm = guardedAction({ name: "realm.user.move", permission: "realms.write", input: moveUserInput }, async (input, ctx) => {
  const outcome = await run(input, { audit: ctx.audit });
  if (outcome.ok) revalidate("/connections/[id]", "layout");
  return outcome;
});
