// The preview as a background job (status RESOLVING): reads the target realm, then resolves the
// selection into classified items, saving each chunk with the requests it cost so the page shows
// progress and a restarted worker continues where the last one stopped. A CSV's entries are looked
// up many per request (resolve.ts); a search or realm selection is listed page by page. Pure: takes
// the Okta client (the governor paces it at the job's share) and the job engine's pool.
import type pg from "pg";
import type { OktaClient } from "@/lib/okta";
import { classify } from "./classify";
import { resolveEntries } from "./resolve";
import { MAX_SELECTION } from "./selection";
import { appendListed, clearListed, expandPendingEntries, saveResolved, unresolvedItems, updatePreviewJob } from "./store";
import type { BulkJobRow } from "./types";

/** Entries resolved (and saved) per step: small enough that a restart repeats little. */
const CHUNK = 1_000;

export type PreviewJobResult = "resolved" | "stopped";

export async function resolvePreviewJob(pool: pg.Pool, client: OktaClient, job: BulkJobRow, stopped: () => boolean, chunkSize = CHUNK): Promise<PreviewJobResult> {
  const target = await client.realms.get(job.targetRealmId);
  await updatePreviewJob(pool, job.id, { targetRealmName: target.profile.name, requests: 1 });

  if (job.selectionKind === "csv") {
    await expandPendingEntries(pool, job.id);
    for (;;) {
      if (stopped()) return "stopped";
      const chunk = await unresolvedItems(pool, job.id, chunkSize);
      if (chunk.length === 0) return "resolved";
      const { items, requests } = await resolveEntries(client, chunk, target);
      await saveResolved(pool, job.id, items, requests);
    }
  }

  const value = job.selectionValue ?? "";
  let list;
  if (job.selectionKind === "realm") {
    const source = await client.realms.get(value);
    await updatePreviewJob(pool, job.id, { selectionSummary: `all users of realm ${source.profile.name}`, requests: 1 });
    list = client.users.listInRealm(value, { limit: 200 });
  } else list = client.users.list({ search: value, limit: 200 });
  await clearListed(pool, job.id);
  let listed = 0;
  for await (const page of list.pages({ maxRecords: MAX_SELECTION })) {
    if (stopped()) return "stopped";
    const items = page.items.map((u) => classify(u, typeof u.profile.login === "string" ? u.profile.login : u.id, target));
    await appendListed(pool, job.id, items, 1);
    listed += items.length;
    if (listed >= MAX_SELECTION) break;
  }
  return "resolved";
}
