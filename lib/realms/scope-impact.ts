// Which of the app's operations a connection cannot run because its last authorization left out a
// requested scope. Shown on the connection's row for as long as the gap lasts (not only in the
// banner after the redirect). Pure: the connections list renders it on the client.
import { OPERATION_SCOPES } from "@/lib/okta/scopes";
import { REALM_OPERATIONS, type RealmOperationName } from "./catalog";

export type ScopeImpact = { scope: string; operations: string[] };

/** Requested but not granted, each with the operations that need it (labels as the UI names them). */
export function missingScopeImpact(requested: readonly string[], granted: readonly string[]): ScopeImpact[] {
  const have = new Set(granted);
  const missing = [...new Set(requested)].filter((s) => !have.has(s)).sort();
  return missing.map((scope) => ({
    scope,
    operations: (Object.keys(REALM_OPERATIONS) as RealmOperationName[])
      .filter((name) => REALM_OPERATIONS[name].okta.some((op) => OPERATION_SCOPES[op].includes(scope)))
      .map((name) => REALM_OPERATIONS[name].label),
  }));
}

/** "Missing: okta.users.manage — Create realm user, Update realm for user will fail"; null when nothing is missing. */
export function missingScopeNote(requested: readonly string[], granted: readonly string[]): string | null {
  const impact = missingScopeImpact(requested, granted);
  if (impact.length === 0) return null;
  const parts = impact.map(({ scope, operations }) => (operations.length > 0 ? `${scope} — ${operations.join(", ")} will fail` : scope));
  return `Missing: ${parts.join("; ")}`;
}
