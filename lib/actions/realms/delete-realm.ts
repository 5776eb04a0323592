"use server";

import { guardedAction } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { deleteRealm as run } from "@/lib/realms/realm-operations";
import { deleteRealmInput } from "@/lib/realms/inputs";

/** Delete Realm, after the admin typed its name. Okta refuses while users remain; its reason is returned. */
export const deleteRealm = guardedAction({ name: "realm.delete", permission: "realms.write", input: deleteRealmInput }, async (input, ctx) => {
  const outcome = await run(input, { audit: ctx.audit });
  if (outcome.ok) revalidate("/connections/[id]", "layout");
  return outcome;
});
