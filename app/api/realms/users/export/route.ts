import { guardedRoute } from "@/lib/auth/guard";
import { exportUsersQuery } from "@/lib/realms/inputs";
import { exportRealmUsersCsv } from "@/lib/realms/list-operations";

/** The realm's users as a CSV download (record limit applies; cells are safe to open in a spreadsheet). */
export const GET = guardedRoute({ name: "realm.users.export", permission: "realms.read", input: exportUsersQuery }, async (query, ctx) =>
  exportRealmUsersCsv(query, { audit: ctx.audit, signal: ctx.request.signal }),
);
