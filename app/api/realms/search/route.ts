import { guardedRoute } from "@/lib/auth/guard";
import { searchRealmsQuery } from "@/lib/realms/inputs";
import { streamRealmSearch } from "@/lib/realms/list-operations";

/** Search Realms as NDJSON, one line per Okta page (see lib/realms/stream.ts); abort the request to stop. */
export const GET = guardedRoute({ name: "realm.search", permission: "realms.read", input: searchRealmsQuery }, async (query, ctx) =>
  streamRealmSearch(query, { audit: ctx.audit, signal: ctx.request.signal }),
);
