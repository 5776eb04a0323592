"use server";

import { guardedAction } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { updateRealm as run } from "@/lib/realms/realm-operations";
import { updateRealmInput } from "@/lib/realms/inputs";

/** Update Realm: reads the current realm and sends the whole profile, so fields left out keep their value. */
export const updateRealm = guardedAction({ name: "realm.update", permission: "realms.write", input: updateRealmInput }, async (input, ctx) => {
  const outcome = await run(input, { audit: ctx.audit });
  if (outcome.ok) revalidate("/connections/[id]", "layout");
  return outcome;
});
