// The tabs of a realm's page and the one a ?tab= value opens. Pure: the server page picks the
// first tab with it, the client tabs keep it in step with the URL.

export const REALM_TABS = ["overview", "users", "assignments"] as const;
export type RealmTab = (typeof REALM_TABS)[number];

/** The tab a ?tab= value opens, among those the page shows (anything else: the overview). */
export function realmTabOf(value: unknown, shown: readonly RealmTab[]): RealmTab {
  return shown.find((t) => t === value) ?? "overview";
}
