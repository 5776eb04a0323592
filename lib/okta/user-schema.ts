// What the Create Realm User form must ask for: the base schema's required attributes (login,
// firstName, lastName, email) plus every custom attribute marked required (okta-facts §2.5).
import type { OktaUserSchema, OktaUserSchemaAttribute } from "./schemas";

export type ProfileAttribute = { name: string; custom: boolean; attribute: OktaUserSchemaAttribute };

export function requiredProfileAttributes(schema: OktaUserSchema): ProfileAttribute[] {
  const base = schema.definitions.base;
  const out: ProfileAttribute[] = [];
  for (const name of base.required) {
    const attribute = base.properties[name];
    if (attribute) out.push({ name, custom: false, attribute });
  }
  const custom = schema.definitions.custom;
  if (custom) {
    for (const [name, attribute] of Object.entries(custom.properties)) {
      if (attribute.required === true || custom.required.includes(name)) out.push({ name, custom: true, attribute });
    }
  }
  return out;
}
