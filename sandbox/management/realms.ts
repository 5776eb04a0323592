import type { RealmRecord } from "../org/types";
import { linkHeader } from "../http/links";
import { OktaError } from "../http/okta-error";
import { jsonBody, limitParam, offsetCursor, sortItems, takePage, type ApiContext, type ApiResult, type Route } from "./api";
import { orgCall } from "./errors-map";
import { compileSearch, parseSearch, SearchError, type AttributeResolver } from "./search-expression";
import { realmJson } from "./serialize";

// /api/v1/realms (spec: Realm tag). Scopes: okta.realms.read / okta.realms.manage.

const realmAttributes: AttributeResolver<RealmRecord> = (attr, op) => {
  if (attr === "profile.name") return { read: (r) => r.profile.name, kind: "string" };
  if (op === "co") throw new SearchError("co is only supported on profile.name");
  switch (attr) {
    case "id":
      return { read: (r) => r.id, kind: "string" };
    case "profile.realmType":
      return { read: (r) => r.profile.realmType ?? null, kind: "string" };
    case "profile.domains":
      return { read: (r) => r.profile.domains ?? [], kind: "string" };
    case "isDefault":
      return { read: (r) => r.isDefault, kind: "other" };
    case "created":
      return { read: (r) => r.created, kind: "date" };
    case "lastUpdated":
      return { read: (r) => r.lastUpdated, kind: "date" };
  }
  throw new SearchError(`unknown realm property ${attr}`);
};

function listRealms(ctx: ApiContext): ApiResult {
  const { query, store } = ctx;
  const search = query.get("search");
  // The spec: limit defaults to 200, or to 10 when `search` is set.
  const limit = limitParam(query, search ? 10 : 200, 200);
  const after = query.get("after");
  let items = [...store.realms.values()];
  let page: RealmRecord[];
  let nextAfter: string | null;
  if (search !== null) {
    const test = orgCall(() => compileSearch(parseSearch(search), realmAttributes, true));
    items = items.filter(test);
    const sortBy = query.get("sortBy");
    if (sortBy) {
      const { read } = orgCall(() => realmAttributes(sortBy, "eq"));
      sortItems(items, read, query.get("sortOrder"));
    }
    const offset = after ? offsetCursor.decode(after) : 0;
    const r = takePage(items.slice(offset), limit, () => "");
    page = r.page;
    nextAfter = r.nextAfter === null ? null : offsetCursor.encode(offset + page.length);
  } else {
    let start = 0;
    if (after) {
      start = items.findIndex((r) => r.id === after) + 1;
      if (start === 0) throw new OktaError("E0000029");
    }
    ({ page, nextAfter } = takePage(items.slice(start), limit, (r) => r.id));
  }
  return {
    status: 200,
    body: page.map((r) => realmJson(ctx.orgUrl, r)),
    headers: { Link: linkHeader(ctx.orgUrl, ctx.path, query, nextAfter) },
  };
}

const profileOf = (ctx: ApiContext) => jsonBody(ctx).profile;

export const realmRoutes: Route[] = [
  { method: "GET", pattern: "/api/v1/realms", operationId: "listRealms", scope: "okta.realms.read", handle: listRealms },
  {
    method: "POST",
    pattern: "/api/v1/realms",
    operationId: "createRealm",
    scope: "okta.realms.manage",
    // Okta answers 200 (not 201) here.
    handle: (ctx) => ({ status: 200, body: realmJson(ctx.orgUrl, orgCall(() => ctx.store.createRealm(profileOf(ctx)), "realm")) }),
  },
  {
    method: "GET",
    pattern: "/api/v1/realms/:realmId",
    operationId: "getRealm",
    scope: "okta.realms.read",
    handle: (ctx) => ({ status: 200, body: realmJson(ctx.orgUrl, orgCall(() => ctx.store.getRealm(ctx.params.realmId ?? ""))) }),
  },
  {
    method: "PUT",
    pattern: "/api/v1/realms/:realmId",
    operationId: "replaceRealm",
    scope: "okta.realms.manage",
    handle: (ctx) => {
      const id = ctx.params.realmId ?? "";
      orgCall(() => ctx.store.getRealm(id)); // 404 before body problems
      return { status: 200, body: realmJson(ctx.orgUrl, orgCall(() => ctx.store.replaceRealm(id, profileOf(ctx)), "realm")) };
    },
  },
  {
    method: "DELETE",
    pattern: "/api/v1/realms/:realmId",
    operationId: "deleteRealm",
    scope: "okta.realms.manage",
    handle: (ctx) => {
      orgCall(() => ctx.store.deleteRealm(ctx.params.realmId ?? ""), "realm");
      return { status: 204 };
    },
  },
];
