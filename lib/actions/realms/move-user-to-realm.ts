"use server";

import { guardedAction } from "@/lib/auth/guard";
import { moveUserToRealm as run } from "@/lib/realms/user-operations";
import { moveUserInput } from "@/lib/realms/inputs";

/**
 * Update Realm for User: moves a user to another realm (the target's domain rule is checked first).
 * No revalidatePath here: nothing a page renders on the server changes with a move (realm users
 * are listed by the browser's own requests; the screen shows the returned user), and a revalidation
 * would render the move page, with its Okta realm listing, into this action's reply (bench:load:
 * +1 Okta call and ~100–190 ms per move).
 */
export const moveUserToRealm = guardedAction({ name: "realm.user.move", permission: "realms.write", input: moveUserInput }, async (input, ctx) =>
  run(input, { audit: ctx.audit }),
);
