"use server";

import { guardedAction } from "@/lib/auth/guard";
import { findUserInput } from "@/lib/realms/inputs";
import { findUser as run } from "@/lib/realms/user-operations";

/** Finds a user by login, email or id (the Update Realm for User screen). */
export const findUser = guardedAction({ name: "realm.user.find", permission: "realms.read", input: findUserInput }, async (input, ctx) =>
  run(input, { audit: ctx.audit }),
);
