import "server-only";
import type { z } from "zod";
import { realmNameContains } from "@/lib/okta/search";
import { csvRow, USER_CSV_HEADER, userCsvRow } from "./csv";
import type { RealmDeps } from "./deps";
import { maxRecordsOf, type exportUsersQuery, type realmUsersQuery, type searchRealmsQuery } from "./inputs";
import { namesDb, rememberingPages, rememberNames } from "./known-names";
import type { Outcome } from "./outcome";
import { runRealmOperation, type RealmAuditor } from "./run";
import { streamNdjson, streamOperation } from "./stream";
import { toRealmView, toUserView, type RealmView } from "./views";

type Ctx = { audit: RealmAuditor; deps?: RealmDeps };
type StreamCtx = Ctx & { signal: AbortSignal };

const RESULT_LIMIT = { first: 1, first200: 200, all: undefined } as const;

/**
 * Search Realms, streamed. Okta sorts only searches (sortBy needs search), so without a name the
 * realms come in Okta's order and the table sorts what has arrived.
 */
export function streamRealmSearch(query: z.output<typeof searchRealmsQuery>, ctx: StreamCtx): Promise<Response> {
  const name = query.name ?? "";
  return streamNdjson(
    { operation: "realm.search", connectionId: query.connectionId, audit: ctx.audit, deps: ctx.deps, details: { name, resultSet: query.resultSet, sortOrder: query.sortOrder } },
    (session, stop) =>
      rememberingPages(
        session.client.realms
          .list(name === "" ? {} : { search: realmNameContains(name), sortBy: "profile.name", sortOrder: query.sortOrder })
          .pages({ maxRecords: RESULT_LIMIT[query.resultSet], stop }),
        (realms) => rememberNames(namesDb(ctx.deps), query.connectionId, "realm", realms.map((r) => ({ id: r.id, name: r.profile.name }))),
      ),
    toRealmView,
    ctx.signal,
  );
}

/** Every realm (up to 1000) for pickers: a move's target, an assignment's target realm. */
export function listRealmsForPicker(input: { connectionId: string }, ctx: Ctx): Promise<Outcome<{ realms: RealmView[]; truncated: boolean }>> {
  return runRealmOperation({ operation: "realm.search", connectionId: input.connectionId, audit: ctx.audit, deps: ctx.deps, details: { purpose: "picker" } }, async (client, note) => {
    const { items, truncated } = await client.realms.list({ limit: 200 }).collect({ maxRecords: 1000 });
    note.details = { purpose: "picker", records: items.length, truncated };
    await rememberNames(namesDb(ctx.deps), input.connectionId, "realm", items.map((r) => ({ id: r.id, name: r.profile.name })));
    return { realms: items.map(toRealmView).sort((a, b) => a.name.localeCompare(b.name)), truncated };
  });
}

function realmUserList(session: Parameters<Parameters<typeof streamNdjson>[1]>[0], realmId: string, sortBy: string | undefined, sortOrder: "asc" | "desc") {
  return session.client.users.listInRealm(realmId, { limit: 200, ...(sortBy ? { sortBy, sortOrder } : {}) });
}

/** List Realm Users: first 200 or all (capped by the record limit), streamed page by page. */
export function streamRealmUsers(query: z.output<typeof realmUsersQuery>, ctx: StreamCtx): Promise<Response> {
  const cap = maxRecordsOf(query.limit);
  const maxRecords = query.resultSet === "first200" ? Math.min(200, cap ?? 200) : cap;
  return streamNdjson(
    {
      operation: "realm.users.list",
      connectionId: query.connectionId,
      audit: ctx.audit,
      deps: ctx.deps,
      target: `realm:${query.realmId}`,
      details: { resultSet: query.resultSet, limit: query.limit ?? null, sortBy: query.sortBy ?? null },
    },
    (session, stop) => realmUserList(session, query.realmId, query.sortBy, query.sortOrder).pages({ maxRecords, stop }),
    toUserView,
    ctx.signal,
  );
}

const encoder = new TextEncoder();

/** The realm's users as CSV (record limit applies), streamed so a large realm doesn't sit in memory. */
export function exportRealmUsersCsv(query: z.output<typeof exportUsersQuery>, ctx: StreamCtx): Promise<Response> {
  const filename = `realm-${query.realmId.replace(/[^A-Za-z0-9_-]/g, "")}-users.csv`;
  return streamOperation(
    { operation: "realm.users.export", connectionId: query.connectionId, audit: ctx.audit, deps: ctx.deps, target: `realm:${query.realmId}`, details: { limit: query.limit ?? null } },
    {
      source: (session, stop) => realmUserList(session, query.realmId, "profile.login", "asc").pages({ maxRecords: maxRecordsOf(query.limit), stop }),
      signal: ctx.signal,
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
      begin: () => encoder.encode(csvRow(USER_CSV_HEADER)),
      page: (items) => encoder.encode(items.map((u) => userCsvRow(toUserView(u))).join("")),
      end: () => undefined,
      // A CSV has no place for an error; a last row says the file is incomplete rather than ending silently.
      error: (failure) => encoder.encode(csvRow([`# export incomplete: ${failure.message}`])),
    },
  );
}
