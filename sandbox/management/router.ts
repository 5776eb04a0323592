import type { Route } from "./api";
import { realmAssignmentRoutes } from "./realm-assignments";
import { realmRoutes } from "./realms";
import { schemaRoutes } from "./schemas";
import { userRoutes } from "./users";

export const ROUTES: Route[] = [...realmRoutes, ...realmAssignmentRoutes, ...userRoutes, ...schemaRoutes];

interface Compiled {
  route: Route;
  segments: string[];
}

const compiled: Compiled[] = ROUTES.map((route) => ({ route, segments: route.pattern.split("/").slice(1) }));

export type RouteMatch =
  | { kind: "route"; route: Route; params: Record<string, string> }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "not-found" };

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] ?? "";
    const a = actual[i] ?? "";
    if (p.startsWith(":")) {
      if (a === "") return null;
      params[p.slice(1)] = a;
    } else if (p !== a) return null;
  }
  return params;
}

/** Literal segments win over parameters (`/realm-assignments/operations` vs `/{assignmentId}`). */
export function matchRoute(method: string, path: string): RouteMatch {
  let actual: string[];
  try {
    actual = path.split("/").slice(1).map(decodeURIComponent);
  } catch {
    return { kind: "not-found" };
  }
  const hits = compiled
    .map((c) => ({ c, params: matchSegments(c.segments, actual) }))
    .filter((h): h is { c: Compiled; params: Record<string, string> } => h.params !== null)
    .sort((a, b) => Object.keys(a.params).length - Object.keys(b.params).length);
  if (!hits.length) return { kind: "not-found" };
  const fewestParams = Object.keys(hits[0]?.params ?? {}).length;
  const best = hits.filter((h) => Object.keys(h.params).length === fewestParams);
  const exact = best.find((h) => h.c.route.method === method);
  if (exact) return { kind: "route", route: exact.c.route, params: exact.params };
  const anyMethod = hits.find((h) => h.c.route.method === method);
  if (anyMethod) return { kind: "route", route: anyMethod.c.route, params: anyMethod.params };
  return { kind: "method-not-allowed", allow: [...new Set(hits.map((h) => h.c.route.method))] };
}
