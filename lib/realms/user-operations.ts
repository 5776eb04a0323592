import "server-only";
import type { z } from "zod";
import type { UserCredentialsInput, UserProfileInput } from "@/lib/okta/client";
import { OktaNotFoundError } from "@/lib/okta/errors";
import { quoteSearchValue } from "@/lib/okta/search";
import type { RealmDeps } from "./deps";
import { realmDomainRule } from "./domains";
import type { FieldOf } from "./cause-fields";
import { RealmRuleError } from "./failures";
import type { createRealmUserInput, findUserInput, moveUserInput, suggestUsersInput } from "./inputs";
import type { Outcome } from "./outcome";
import { runRealmOperation, type RealmAuditor } from "./run";
import { parseProfileValues, profileFieldName, userFormFields, type UserFormField } from "./user-form";
import { toRealmView, toUserView, type RealmView, type UserView } from "./views";

type Ctx = { audit: RealmAuditor; deps?: RealmDeps };

/** The Create Realm User form's fields from the org's schema, and the realm (for its allowed domains). */
export function readUserForm(input: { connectionId: string; realmId: string }, ctx: Ctx): Promise<Outcome<{ fields: UserFormField[]; realm: RealmView }>> {
  return runRealmOperation(
    { operation: "realm.user.schema", connectionId: input.connectionId, audit: ctx.audit, deps: ctx.deps, target: `realm:${input.realmId}`, namesTarget: true },
    async (client, note) => {
      const fields = userFormFields(await client.schemas.getUserSchema());
      const realm = await client.realms.get(input.realmId);
      note.targetName = realm.profile.name;
      return { fields, realm: toRealmView(realm) };
    },
  );
}

// Okta names profile attributes without a prefix in E0000001 causes ("login: …"); the form's
// controls are profile.<name>. Credential causes keep their own fields.
const CREDENTIAL_FIELDS: Record<string, string> = {
  password: "password",
  "credentials.password": "password",
  "recovery_question.question": "recoveryQuestion",
  "recovery_question.answer": "recoveryAnswer",
  "credentials.recovery_question.answer": "recoveryAnswer",
};

const FORM_ONLY: Record<string, true> = { recoveryQuestion: true, recoveryAnswer: true, realmId: true, credentialOption: true };

const formFieldOf = (key: string): string => CREDENTIAL_FIELDS[key] ?? (key.startsWith("profile.") || key in FORM_ONLY ? key : profileFieldName(key));

function toFormFieldErrors(errors: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(errors)) (out[formFieldOf(key)] ??= []).push(...messages);
  return out;
}

/** Okta's causes go on the controls this form sent (its profile fields come from the org's schema). */
const sentFieldsOf = (input: Record<string, unknown>): FieldOf => (path) => {
  const field = formFieldOf(path.replace(/\[\d+\]/g, ""));
  return field in input ? field : undefined;
};

function credentialsOf(input: z.output<typeof createRealmUserInput>): UserCredentialsInput | undefined {
  const withPassword = input.credentialOption === "password" || input.credentialOption === "password_recovery";
  const withRecovery = input.credentialOption === "recovery" || input.credentialOption === "password_recovery";
  if (!withPassword && !withRecovery) return undefined;
  return {
    ...(withPassword && input.password ? { password: input.password } : {}),
    ...(withRecovery && input.recoveryQuestion && input.recoveryAnswer ? { recoveryQuestion: { question: input.recoveryQuestion, answer: input.recoveryAnswer } } : {}),
  };
}

/**
 * Reads the schema and the realm, checks the values against both (types, enums, patterns, lengths;
 * the realm's allowed domains), then creates the user in the realm.
 */
export function createRealmUser(input: z.output<typeof createRealmUserInput>, ctx: Ctx): Promise<Outcome<UserView>> {
  return runRealmOperation(
    {
      operation: "realm.user.create",
      fieldOf: sentFieldsOf(input),
      connectionId: input.connectionId,
      audit: ctx.audit,
      deps: ctx.deps,
      target: `realm:${input.realmId}`,
      details: { credentialOption: input.credentialOption, activate: input.activate },
    },
    async (client, note) => {
      const fields = userFormFields(await client.schemas.getUserSchema());
      const parsed = parseProfileValues(fields, input);
      if (!parsed.ok) throw new RealmRuleError("Check the highlighted fields.", parsed.fieldErrors);
      const { login, email, firstName, lastName } = parsed.profile;
      if (typeof login !== "string" || typeof email !== "string" || typeof firstName !== "string" || typeof lastName !== "string") {
        throw new RealmRuleError("The org's schema doesn't ask for a username, email and name; this form can't create the user.");
      }
      note.target = login;
      const realm = await client.realms.get(input.realmId);
      const rule = realmDomainRule({ name: realm.profile.name, domains: realm.profile.domains }, { login, email });
      if (Object.keys(rule).length > 0) {
        throw new RealmRuleError(`${realm.profile.name} only accepts users from its allowed domains: ${(realm.profile.domains ?? []).join(", ")}.`, toFormFieldErrors(rule));
      }
      const profile: UserProfileInput = { ...parsed.profile, login, email, firstName, lastName };
      const credentials = credentialsOf(input);
      const user = await client.users.create({ profile, realmId: input.realmId, activate: input.activate, ...(credentials ? { credentials } : {}) });
      note.details = { userId: user.id, status: user.status, realmId: input.realmId, realm: realm.profile.name };
      return toUserView(user);
    },
  );
}

/** By id or login (Okta's getUser takes both); an email that isn't a login is searched for. */
export function findUser(input: z.output<typeof findUserInput>, ctx: Ctx): Promise<Outcome<UserView>> {
  return runRealmOperation(
    { operation: "realm.user.find", connectionId: input.connectionId, audit: ctx.audit, deps: ctx.deps, target: input.query },
    async (client) => {
      try {
        return toUserView(await client.users.get(input.query));
      } catch (error) {
        if (!(error instanceof OktaNotFoundError) || !input.query.includes("@")) throw error;
      }
      const { items } = await client.users.list({ search: `profile.email eq ${quoteSearchValue(input.query)}`, limit: 2 }).collect({ maxRecords: 2 });
      const [first, second] = items;
      if (!first) throw new OktaNotFoundError("user");
      if (second) throw new RealmRuleError(`More than one user has the email ${input.query}. Enter the login or the user id.`, { query: ["Several users match; use the login or id."] });
      return toUserView(first);
    },
  );
}

/** Up to 10 users whose login or email starts with the prefix (the Move a user picker's suggestions). */
export function suggestUsers(input: z.output<typeof suggestUsersInput>, ctx: Ctx): Promise<Outcome<UserView[]>> {
  return runRealmOperation(
    { operation: "realm.user.find", connectionId: input.connectionId, audit: ctx.audit, deps: ctx.deps, target: `${input.prefix}*`, details: { purpose: "picker" } },
    async (client, note) => {
      const value = quoteSearchValue(input.prefix);
      const { items } = await client.users.list({ search: `profile.login sw ${value} or profile.email sw ${value}`, limit: 10 }).collect({ maxRecords: 10 });
      note.details = { records: items.length };
      return items.map(toUserView);
    },
  );
}

export type MoveResult = { user: UserView; from: string | null; to: RealmView };

/**
 * Update Realm for User: checks the target realm's allowed domains first so the admin sees the rule
 * that blocks the move (Okta would refuse with a less specific cause), then moves.
 */
export function moveUserToRealm(input: z.output<typeof moveUserInput>, ctx: Ctx): Promise<Outcome<MoveResult>> {
  return runRealmOperation(
    { operation: "realm.user.move", connectionId: input.connectionId, audit: ctx.audit, deps: ctx.deps, target: input.userId, details: { toRealmId: input.realmId } },
    async (client, note) => {
      const user = await client.users.get(input.userId);
      note.target = user.profile.login;
      const target = await client.realms.get(input.realmId);
      note.details = { fromRealmId: user.realmId ?? null, toRealmId: target.id, toRealm: target.profile.name };
      const rule = realmDomainRule({ name: target.profile.name, domains: target.profile.domains }, { login: user.profile.login, email: user.profile.email });
      if (Object.keys(rule).length > 0) {
        throw new RealmRuleError(
          `${user.profile.login} can't move to ${target.profile.name}: its allowed domains are ${(target.profile.domains ?? []).join(", ")}, and the user's username and email must both be in one of them.`,
          { realmId: Object.values(rule).flat() },
        );
      }
      const moved = await client.users.moveToRealm(user.id, target.id);
      return { user: toUserView(moved), from: user.realmId ?? null, to: toRealmView(target) };
    },
  );
}
