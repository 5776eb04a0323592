"use server";

import { guardedAction } from "@/lib/auth/guard";
import { updateRealm as run } from "@/lib/realms/realm-operations";
import { updateRealmInput } from "@/lib/realms/inputs";

/**
 * Update Realm: reads the current realm and sends the whole profile, so fields left out keep their value.
 * No revalidatePath here: the edit form refreshes the route once the update succeeded
 * (router.refresh), and a revalidation would first render the realm page, with its own Okta read,
 * into this action's reply, then the refresh would render it again (bench:load: +1 Okta call and
 * ~100–170 ms per update).
 */
export const updateRealm = guardedAction({ name: "realm.update", permission: "realms.write", input: updateRealmInput }, async (input, ctx) =>
  run(input, { audit: ctx.audit }),
);
