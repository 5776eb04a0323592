// The dry run: resolves the selection against Okta and classifies every user (will move, already in
// the target realm, blocked by its allowed domains, not found) without changing anything. Pure:
// takes the Okta client (paced by the governor like every other call).
import { OktaNotFoundError, type OktaClient, type OktaRealm, type OktaUser } from "@/lib/okta";
import { realmDomainRule } from "@/lib/realms/domains";
import { MAX_SELECTION, type Selection } from "./selection";
import type { PreviewItem } from "./types";

export type PreviewResult = { items: PreviewItem[]; truncated: boolean };

/** How many CSV lookups run at once (the governor still paces them). */
const LOOKUP_LANES = 8;

export function classify(user: OktaUser, input: string, target: OktaRealm): PreviewItem {
  const login = typeof user.profile.login === "string" ? user.profile.login : null;
  const email = typeof user.profile.email === "string" ? user.profile.email : null;
  const base = { input, userId: user.id, login, email, fromRealmId: user.realmId ?? null };
  const here = user.realmId === target.id || (user.realmId === undefined && target.isDefault);
  if (here) return { ...base, status: "SKIPPED", message: "Already in the realm." };
  const rule = realmDomainRule({ name: target.profile.name, domains: target.profile.domains }, { login: login ?? "", email });
  const problems = Object.values(rule).flat();
  if (problems.length > 0) return { ...base, status: "BLOCKED", message: problems.join(" ") };
  return { ...base, status: "PENDING", message: null };
}

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
  const slice = entries.slice(0, MAX_SELECTION);
  const results: PreviewItem[] = new Array<PreviewItem>(slice.length);
  let next = 0;
  const lane = async () => {
    for (;;) {
      const index = next++;
      const input = slice[index];
      if (input === undefined) return;
      try {
        results[index] = classify(await client.users.get(input, { signal }), input, target);
      } catch (error) {
        if (!(error instanceof OktaNotFoundError)) throw error;
        results[index] = { input, userId: null, login: null, email: null, fromRealmId: null, status: "NOT_FOUND", message: "No user with this login or id." };
      }
    }
  };
  await Promise.all(Array.from({ length: LOOKUP_LANES }, lane));
  // A login and an id in the same file can name the same user: keep the first, so nobody is moved twice.
  const seen = new Set<string>();
  const items = results.map((item) => {
    if (item.userId === null) return item;
    if (seen.has(item.userId)) return { ...item, userId: null, status: "SKIPPED" as const, message: "Listed twice in the file (same user)." };
    seen.add(item.userId);
    return item;
  });
  return { items, truncated: entries.length > MAX_SELECTION };
}
