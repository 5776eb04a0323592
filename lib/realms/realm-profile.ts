// The full realm profile a PUT must send. Okta's replaceRealm replaces the whole profile, so an edit
// of one field starts from the current profile (including fields this app doesn't know) and
// overrides only what the admin changed: a rename never wipes the type or the allowed domains. Pure.
import type { RealmProfileInput } from "@/lib/okta/client";
import type { OktaRealm } from "@/lib/okta/schemas";

export type RealmProfileChanges = { name?: string; realmType?: "PARTNER" | "DEFAULT"; domains?: string[] };

const isRealmType = (v: unknown): v is "PARTNER" | "DEFAULT" => v === "PARTNER" || v === "DEFAULT";

export function nextRealmProfile(current: OktaRealm, changes: RealmProfileChanges): RealmProfileInput {
  const { name, realmType, domains, ...unknownFields } = current.profile;
  const nextType = changes.realmType ?? (isRealmType(realmType) ? realmType : undefined);
  const nextDomains = changes.domains ?? domains;
  return {
    ...unknownFields,
    name: changes.name ?? name,
    ...(nextType === undefined ? {} : { realmType: nextType }),
    ...(nextDomains === undefined ? {} : { domains: [...nextDomains] }),
  };
}
