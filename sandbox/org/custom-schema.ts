import { OrgValidationError } from "./errors";
import type { OrgStore } from "./store";
import { BASE_PROPERTIES, type SchemaAttribute } from "./user-schema";

/**
 * Adds, replaces (by name) or removes (null) custom profile attributes. Removing one also drops
 * its values from every profile, as Okta does.
 */
export function applyCustomSchema(store: OrgStore, changes: Record<string, SchemaAttribute | null>): void {
  const causes: string[] = [];
  const baseNames = new Set(Object.keys(BASE_PROPERTIES).map((n) => n.toLowerCase()));
  for (const [name, attr] of Object.entries(changes)) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) causes.push(`${name}: Property name is not valid`);
    if (baseNames.has(name.toLowerCase())) causes.push(`${name}: A base property with this name already exists`);
    if (attr === null && !store.customSchema[name]) causes.push(`${name}: Property does not exist`);
  }
  if (causes.length) throw new OrgValidationError(causes);
  const removed: string[] = [];
  for (const [name, attr] of Object.entries(changes)) {
    if (attr === null) {
      delete store.customSchema[name];
      removed.push(name);
    } else {
      store.customSchema[name] = { mutability: "READ_WRITE", scope: "NONE", permissions: [{ principal: "SELF", action: "READ_WRITE" }], master: { type: "PROFILE_MASTER" }, ...attr };
    }
  }
  if (removed.length)
    for (const u of store.users.scanAfter(0)) for (const name of removed) delete u.profile[name];
  store.schemaMeta.lastUpdated = store.clock.now();
  store.changed();
}
