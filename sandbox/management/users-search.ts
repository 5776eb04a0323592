import type { OrgStore } from "../org/store";
import type { UserRecord } from "../org/types";
import { BASE_PROPERTIES } from "../org/user-schema";
import { OktaError } from "../http/okta-error";
import { compileSearch, parseSearch, SearchError, type AttributeResolver } from "./search-expression";

// GET /api/v1/users `search` and `filter` (spec: listUsers parameters; okta-facts §2.3/§2.4).

const CO_ALLOWED = new Set(["profile.firstName", "profile.lastName", "profile.email", "profile.login"]);
const FILTER_ALLOWED = new Set(["status", "lastUpdated", "id", "profile.login", "profile.email", "profile.firstName", "profile.lastName"]);
const DATES: Record<string, (u: UserRecord) => number | null> = {
  created: (u) => u.created,
  activated: (u) => u.activated,
  statusChanged: (u) => u.statusChanged,
  lastUpdated: (u) => u.lastUpdated,
  lastLogin: (u) => u.lastLogin,
};

function userAttributes(store: OrgStore, mode: "search" | "filter"): AttributeResolver<UserRecord> {
  return (attr, op) => {
    if (mode === "filter") {
      if (!FILTER_ALLOWED.has(attr)) throw new SearchError(`filter does not support ${attr}`);
      if (op !== "eq" && attr !== "lastUpdated") throw new SearchError(`filter only supports eq on ${attr}`);
    } else if (op === "co" && !CO_ALLOWED.has(attr)) throw new SearchError(`co is not supported on ${attr}`);
    const date = DATES[attr];
    if (date) return { read: date, kind: "date" };
    if (attr.startsWith("profile.")) {
      const name = attr.slice("profile.".length);
      if (!BASE_PROPERTIES[name] && !store.customSchema[name]) throw new SearchError(`unknown profile property ${name}`);
      return { read: (u) => u.profile[name] ?? null, kind: "string" };
    }
    switch (attr) {
      case "id":
        return { read: (u) => u.id, kind: "string" };
      case "status":
        return { read: (u) => u.status, kind: "string" };
      case "realmId":
        // Not in the spec's list, but Okta orgs with realms accept it (okta-facts §2.4).
        return { read: (u) => u.realmId, kind: "string" };
      case "type.id":
        return { read: () => `oty${store.schemaMeta.id.slice(3)}`, kind: "string" };
    }
    throw new SearchError(`unknown property ${attr}`);
  };
}

/** Compiles the `search` (case-insensitive values) or `filter` (case-sensitive, restricted) expression. */
export function compileUserQuery(store: OrgStore, expression: string, mode: "search" | "filter"): (u: UserRecord) => boolean {
  try {
    return compileSearch(parseSearch(expression), userAttributes(store, mode), mode === "search");
  } catch (e) {
    if (e instanceof SearchError) throw new OktaError("E0000031", undefined, [e.message]);
    throw e;
  }
}

export function sortReader(store: OrgStore, sortBy: string): (u: UserRecord) => unknown {
  try {
    return userAttributes(store, "search")(sortBy, "eq").read;
  } catch {
    throw new OktaError("E0000031", undefined, [`sortBy: unknown property ${sortBy}`]);
  }
}
