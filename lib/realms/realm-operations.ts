import "server-only";
import type { z } from "zod";
import type { RealmDeps } from "./deps";
import { RealmRuleError } from "./failures";
import type { createRealmInput, deleteRealmInput, updateRealmInput } from "./inputs";
import type { Outcome } from "./outcome";
import { nextRealmProfile } from "./realm-profile";
import { runRealmOperation, type RealmAuditor } from "./run";
import { toRealmView, type RealmView } from "./views";

// Create, read, update and delete of one realm. Each call is one audited operation.

type Ctx = { audit: RealmAuditor; deps?: RealmDeps };

export function createRealm(input: z.output<typeof createRealmInput>, ctx: Ctx): Promise<Outcome<RealmView>> {
  return runRealmOperation(
    { operation: "realm.create", connectionId: input.connectionId, audit: ctx.audit, deps: ctx.deps, details: { name: input.name, realmType: input.realmType } },
    async (client, note) => {
      const realm = await client.realms.create({ name: input.name, realmType: input.realmType, ...(input.domains?.length ? { domains: input.domains } : {}) });
      note.target = `realm:${realm.id}`;
      note.targetName = realm.profile.name;
      return toRealmView(realm);
    },
  );
}

export function readRealm(input: { connectionId: string; realmId: string }, ctx: Ctx): Promise<Outcome<RealmView>> {
  return runRealmOperation(
    { operation: "realm.read", connectionId: input.connectionId, audit: ctx.audit, deps: ctx.deps, target: `realm:${input.realmId}`, namesTarget: true },
    async (client, note) => {
      const realm = await client.realms.get(input.realmId);
      note.targetName = realm.profile.name;
      return toRealmView(realm);
    },
  );
}

/** Reads the realm, then PUTs the whole profile with only the given fields changed. */
export function updateRealm(input: z.output<typeof updateRealmInput>, ctx: Ctx): Promise<Outcome<RealmView>> {
  return runRealmOperation(
    { operation: "realm.update", connectionId: input.connectionId, audit: ctx.audit, deps: ctx.deps, target: `realm:${input.realmId}`, namesTarget: true },
    async (client, note) => {
      const current = await client.realms.get(input.realmId);
      const profile = nextRealmProfile(current, { name: input.name, realmType: input.realmType, domains: input.domains });
      if (current.isDefault && (profile.domains?.length ?? 0) > 0) {
        throw new RealmRuleError("The default realm can't have allowed domains.", { domains: ["The default realm can't have allowed domains."] });
      }
      note.details = { from: current.profile, to: profile };
      note.targetName = profile.name;
      return toRealmView(await client.realms.replace(input.realmId, profile));
    },
  );
}

export type DeleteRealmResult = { id: string; name: string };

/** The admin typed the realm's name to confirm; it is checked against Okta's current name. */
export function deleteRealm(input: z.output<typeof deleteRealmInput>, ctx: Ctx): Promise<Outcome<DeleteRealmResult>> {
  return runRealmOperation(
    { operation: "realm.delete", connectionId: input.connectionId, audit: ctx.audit, deps: ctx.deps, target: `realm:${input.realmId}`, namesTarget: true },
    async (client, note) => {
      // getRealm needs okta.realms.read, which every connection has by default; the check is worth the call.
      const current = await client.realms.get(input.realmId);
      note.details = { name: current.profile.name };
      note.targetName = current.profile.name;
      if (input.confirmName.trim() !== current.profile.name) {
        throw new RealmRuleError(`Type the realm's name, ${current.profile.name}, to confirm.`, { confirmName: [`Type ${current.profile.name} exactly.`] });
      }
      await client.realms.delete(input.realmId);
      return { id: input.realmId, name: current.profile.name };
    },
  );
}
