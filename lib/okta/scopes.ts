// Which OAuth scope each client operation needs, read from the official spec's security blocks
// (spec/okta-scopes.json), so an action can refuse before calling Okta and tell the admin exactly
// which scope to grant. Okta requires the scope named in the spec; a .manage scope is not assumed
// to cover the matching .read one.
import scopeTable from "../../spec/okta-scopes.json";
import { OktaInsufficientScopeError } from "./errors";
import { OKTA_OPERATIONS, OKTA_OPERATION_NAMES, type OktaOperation } from "./operations";

const table: Record<string, unknown> = scopeTable;

function scopesFor(operation: OktaOperation): readonly string[] {
  const { method, path } = OKTA_OPERATIONS[operation];
  const listed = table[`${method} ${path}`];
  if (!Array.isArray(listed) || listed.length === 0 || !listed.every((s) => typeof s === "string")) {
    // Failing at load beats an empty list, which would read as "needs no scope" and fail open.
    throw new Error(`spec/okta-scopes.json has no scope for ${operation} (${method} ${path})`);
  }
  return Object.freeze([...listed]);
}

export const OPERATION_SCOPES: Readonly<Record<OktaOperation, readonly string[]>> = Object.freeze(
  Object.fromEntries(OKTA_OPERATION_NAMES.map((op) => [op, scopesFor(op)])) as Record<OktaOperation, readonly string[]>,
);

/** Granted scopes as stored (space-separated token response `scope`) or as a list. */
function toSet(granted: string | Iterable<string>): Set<string> {
  return new Set(typeof granted === "string" ? granted.split(/\s+/).filter((s) => s.length > 0) : granted);
}

/** Scopes the operation(s) need that the connection wasn't granted, in a stable order; [] when none. */
export function missingScopes(operations: OktaOperation | readonly OktaOperation[], granted: string | Iterable<string>): string[] {
  const have = toSet(granted);
  const ops: readonly OktaOperation[] = typeof operations === "string" ? [operations] : operations;
  const missing = new Set<string>();
  for (const op of ops) for (const scope of OPERATION_SCOPES[op]) if (!have.has(scope)) missing.add(scope);
  return [...missing].sort();
}

/** Throws the same InsufficientScope error Okta's 403 would map to, without making the call. */
export function assertScopes(operations: OktaOperation | readonly OktaOperation[], granted: string | Iterable<string>): void {
  const missing = missingScopes(operations, granted);
  if (missing.length > 0) {
    throw new OktaInsufficientScopeError(missing, { operation: typeof operations === "string" ? operations : operations.join(",") });
  }
}

/** The operations that need any of `scopes` (what stops working when they are lost), in a stable order. */
export function operationsNeedingAny(scopes: Iterable<string>): OktaOperation[] {
  const lost = toSet(scopes);
  return OKTA_OPERATION_NAMES.filter((op) => OPERATION_SCOPES[op].some((s) => lost.has(s)));
}
