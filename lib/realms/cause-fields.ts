// Which form field an Okta cause belongs on. Okta names body fields by their JSON path in
// E0000001 causes ("profile.domains: …", "domains[0]: …", "conditions.expression.value: …"); each
// form names its controls flatly. A cause whose path is not a control of the form that was sent is
// shown verbatim in the form-level error instead (it is never dropped, and never reduced to
// "Check realm.").
import type { RealmOperationName } from "./catalog";

/** Okta field path → the form control that shows it, or undefined (then it is a form-level cause). */
export type FieldOf = (oktaPath: string) => string | undefined;

const withoutIndexes = (path: string): string => path.replace(/\[\d+\]/g, "");

export function fieldTable(table: Record<string, string>): FieldOf {
  return (path) => table[withoutIndexes(path)];
}

const REALM_FORM = fieldTable({
  name: "name",
  "profile.name": "name",
  realmType: "realmType",
  "profile.realmType": "realmType",
  domains: "domains",
  "profile.domains": "domains",
});

const ASSIGNMENT_FORM = fieldTable({
  name: "name",
  priority: "priority",
  "conditions.expression.value": "expression",
  "conditions.expression": "expression",
  expression: "expression",
  "conditions.profileSourceId": "profileSourceId",
  profileSourceId: "profileSourceId",
  "actions.assignUserToRealm.realmId": "targetRealmId",
  realmId: "targetRealmId",
});

const MOVE_FORM = fieldTable({ realmId: "realmId" });

/** The forms whose controls are fixed; Create Realm User's come from the schema (user-operations.ts). */
const BY_OPERATION: Partial<Record<RealmOperationName, FieldOf>> = {
  "realm.create": REALM_FORM,
  "realm.update": REALM_FORM,
  "realm.assignment.create": ASSIGNMENT_FORM,
  "realm.assignment.update": ASSIGNMENT_FORM,
  "realm.user.move": MOVE_FORM,
};

/** Operations without a form (delete, activate, test, …) show every cause at form level. */
export const noFields: FieldOf = () => undefined;

export const formFieldsOf = (operation: RealmOperationName): FieldOf => BY_OPERATION[operation] ?? noFields;
