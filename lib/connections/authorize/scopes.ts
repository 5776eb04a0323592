// The scopes a Realms connection asks Okta for, and how to read Okta's answer. Pure: the New
// Connection dialog (client) and the OAuth callback (server) use the same lists.
import { OKTA_OPERATION_NAMES, type OktaOperation } from "@/lib/okta/operations";
import { OPERATION_SCOPES } from "@/lib/okta/scopes";

/**
 * Granted to the Okta Workflows OAuth app automatically and always requested (okta-facts §1.2: the
 * connector's documentation lists exactly these seven).
 */
export const AUTO_GRANTED_SCOPES = ["address", "email", "groups", "offline_access", "openid", "phone", "profile"] as const;

/**
 * Always requested, but NOT granted automatically: an admin grants it on the OAuth app's Okta API
 * Scopes tab, and a connection cannot work without it.
 */
export const REQUIRED_API_SCOPES = ["okta.realms.read"] as const;

/**
 * Requested by every authorization. Okta refusing any of them makes the authorization fail (the
 * connector's behaviour), so a token without one of them is refused here too.
 */
export const ALWAYS_REQUESTED_SCOPES: readonly string[] = [...AUTO_GRANTED_SCOPES, ...REQUIRED_API_SCOPES].sort();

/** "Use default scopes": every Okta API scope an operation of the Realms connector needs. */
export const DEFAULT_API_SCOPES = ["okta.realms.read", "okta.realms.manage", "okta.users.read", "okta.users.manage", "okta.schemas.read"] as const;

/** Offered only under "Customize scopes (advanced)": realm assignments are not part of the connector's cards. */
export const EXTRA_API_SCOPES = ["okta.realmAssignments.read", "okta.realmAssignments.manage"] as const;

export const SELECTABLE_API_SCOPES: readonly string[] = [...DEFAULT_API_SCOPES, ...EXTRA_API_SCOPES];

const ALWAYS = new Set<string>(ALWAYS_REQUESTED_SCOPES);

/** Always requested and required: the seven automatic scopes and okta.realms.read. */
export const isRequiredScope = (scope: string): boolean => ALWAYS.has(scope);

export type ScopeMode = "default" | "custom";

/** What to request: the always-requested scopes plus the chosen API scopes, sorted, no duplicates. */
export function requestedScopesFor(mode: ScopeMode, selected: readonly string[] = []): string[] {
  const api = mode === "default" ? DEFAULT_API_SCOPES : selected.filter((s) => SELECTABLE_API_SCOPES.includes(s));
  return [...new Set<string>([...ALWAYS_REQUESTED_SCOPES, ...api])].sort();
}

/** True when `requested` is exactly the default set (so the Permissions tab can show "default"). */
export function isDefaultScopeSet(requested: readonly string[]): boolean {
  const expected = requestedScopesFor("default");
  return requested.length === expected.length && [...requested].sort().every((s, i) => s === expected[i]);
}

/** "listRealms" → "List realms". */
function operationLabel(operation: OktaOperation): string {
  const words = operation.replace(/([A-Z])/g, " $1").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The operations (lib/okta's table, from Okta's spec) that need `scope`; [] for OIDC scopes. */
export function operationsNeeding(scope: string): string[] {
  return OKTA_OPERATION_NAMES.filter((op) => OPERATION_SCOPES[op].includes(scope)).map(operationLabel);
}

export type ScopeDiff = {
  granted: string[];
  /** Requested, required (always requested), and missing from the token: the authorization fails. */
  missingRequired: string[];
  /** Requested, optional, and missing: the connection works, but operations needing them fail. */
  missingOptional: string[];
};

/**
 * Compares the scopes asked for with the token response's `scope` (the truth: Okta drops okta.*
 * scopes that aren't granted to the app without an error as long as one of them is).
 */
export function diffScopes(requested: readonly string[], granted: readonly string[]): ScopeDiff {
  const have = new Set(granted);
  const missing = [...new Set(requested)].filter((s) => !have.has(s)).sort();
  // okta.realms.read and the OIDC defaults are required even if an old connection didn't ask for them.
  const required = [...new Set([...missing.filter(isRequiredScope), ...ALWAYS_REQUESTED_SCOPES.filter((s) => !have.has(s))])].sort();
  return {
    granted: [...have].sort(),
    missingRequired: required,
    missingOptional: missing.filter((s) => !isRequiredScope(s)),
  };
}

const list = (scopes: readonly string[]) =>
  scopes.length <= 1 ? (scopes[0] ?? "") : `${scopes.slice(0, -1).join(", ")} and ${scopes.at(-1) ?? ""}`;

/** The fix, in Okta's Admin Console terms. */
export function missingScopesMessage(missing: readonly string[], required: boolean): string {
  const them = missing.length > 1 ? "them" : "it";
  if (required) {
    return (
      `Okta did not grant ${list(missing)}, which every Realms connection needs, so the authorization was not saved. ` +
      `Grant ${them} on the OAuth app's Okta API Scopes tab (OIDC scopes and offline_access: allow the Refresh Token grant on the General tab), then reauthorize.`
    );
  }
  return `Okta did not grant ${list(missing)}. Operations that need ${them} will fail: grant ${them} on the OAuth app's Okta API Scopes tab, then reauthorize.`;
}
