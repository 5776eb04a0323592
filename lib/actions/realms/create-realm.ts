"use server";

import { guardedAction } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { createRealm as run } from "@/lib/realms/realm-operations";
import { createRealmInput } from "@/lib/realms/inputs";

/** Create Realm: name, type and allowed domains. */
export const createRealm = guardedAction({ name: "realm.create", permission: "realms.write", input: createRealmInput }, async (input, ctx) => {
  const outcome = await run(input, { audit: ctx.audit });
  if (outcome.ok) revalidate("/connections/[id]", "layout");
  return outcome;
});
