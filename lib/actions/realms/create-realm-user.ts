"use server";

import { guardedAction } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { createRealmUser as run } from "@/lib/realms/user-operations";
import { createRealmUserInput } from "@/lib/realms/inputs";

/** Create Realm User: profile values (`profile.<attribute>`) are checked against the org's schema and the realm's allowed domains. */
export const createRealmUser = guardedAction({ name: "realm.user.create", permission: "realms.write", input: createRealmUserInput }, async (input, ctx) => {
  const outcome = await run(input, { audit: ctx.audit });
  if (outcome.ok) revalidate("/connections/[id]", "layout");
  return outcome;
});
