import { guardedRoute } from "@/lib/auth/guard";
import { realmUsersQuery } from "@/lib/realms/inputs";
import { streamRealmUsers } from "@/lib/realms/list-operations";

/** List Realm Users as NDJSON, one line per Okta page; abort the request to stop. */
export const GET = guardedRoute({ name: "realm.users.list", permission: "realms.read", input: realmUsersQuery }, async (query, ctx) =>
  streamRealmUsers(query, { audit: ctx.audit, signal: ctx.request.signal }),
);
