// The dry run: resolves the selection against Okta and classifies every user (will move, already in
// the target realm, blocked by its allowed domains, not found) without changing anything. Pure:
// takes the Okta client (paced by the governor like every other call).
import type { OktaClient, OktaRealm } from "@/lib/okta";
import { classify } from "./classify";
import { resolveEntries } from "./resolve";
import { MAX_SELECTION, type Selection } from "./selection";
import type { PreviewItem } from "./types";

export { classify };

export type PreviewResult = { items: PreviewItem[]; truncated: boolean };

export async function previewSelection(client: OktaClient, selection: Selection, target: OktaRealm, opts: { signal?: AbortSignal } = {}): Promise<PreviewResult> {
  if (selection.kind === "csv") return previewEntries(client, selection.entries, target, opts.signal);
  const list = selection.kind === "search" ? client.users.list({ search: selection.expression, limit: 200 }) : client.users.listInRealm(selection.realmId, { limit: 200 });
  const users = await list.collect({ maxRecords: MAX_SELECTION + 1 });
  const truncated = users.items.length > MAX_SELECTION;
  const seen = new Set<string>();
  const items: PreviewItem[] = [];
  for (const u of users.items.slice(0, MAX_SELECTION)) {
    if (seen.has(u.id)) continue;
    seen.add(u.id);
    items.push(classify(u, typeof u.profile.login === "string" ? u.profile.login : u.id, target));
  }
  return { items, truncated };
}

async function previewEntries(client: OktaClient, entries: readonly string[], target: OktaRealm, signal: AbortSignal | undefined): Promise<PreviewResult> {
  const slice = entries.slice(0, MAX_SELECTION).map((input, i) => ({ seq: i + 1, input }));
  const { items } = await resolveEntries(client, slice, target, { signal });
  return { items: items.map((item): PreviewItem => ({ input: item.input, userId: item.userId, login: item.login, email: item.email, fromRealmId: item.fromRealmId, status: item.status, message: item.message })), truncated: entries.length > MAX_SELECTION };
}
