import { operationsNeeding } from "@/lib/connections/authorize/scopes";

// What each scope lets a connection do, for the Permissions tab. Operations come from lib/okta's
// table (taken from Okta's spec), so the list can't drift from what the client actually calls.
const SUMMARY: Record<string, string> = {
  "okta.realms.read": "Read realms (Read Realm, Search Realms, List Realm Users).",
  "okta.realms.manage": "Create, update and delete realms.",
  "okta.users.read": "Read users, e.g. the users of a realm.",
  "okta.users.manage": "Create realm users and move users between realms.",
  "okta.schemas.read": "Read the user profile schema (custom attributes on Create Realm User).",
  "okta.realmAssignments.read": "Optional extra: see realm assignment rules and their runs. Not used by the connector's cards.",
  "okta.realmAssignments.manage": "Optional extra: create, change, activate and run realm assignment rules. Not used by the connector's cards.",
  openid: "Sign-in (OpenID Connect); identifies who authorized the connection.",
  profile: "The authorizing user's name and username.",
  email: "The authorizing user's email address.",
  address: "Granted automatically with the OAuth app.",
  phone: "Granted automatically with the OAuth app.",
  groups: "Granted automatically with the OAuth app.",
  offline_access: "A refresh token, so the connection keeps working after the first hour.",
};

export function scopeSummary(scope: string): string {
  return SUMMARY[scope] ?? "";
}

export function scopeOperations(scope: string): string {
  const ops = operationsNeeding(scope);
  return ops.length > 0 ? `Needed by: ${ops.join(", ")}.` : "";
}
