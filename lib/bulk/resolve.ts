// Resolves CSV entries (logins, emails, user ids) to Okta users many per request: the listUsers
// `filter` reads current data (`search` is eventually consistent) and takes `eq` terms joined by
// `or` on id, profile.login and profile.email. Filter values are case-sensitive (Okta's listUsers
// docs) while logins are not, so an entry typed with capitals is also asked in lower case. What no
// listing matched is read one by one (GET /api/v1/users/{idOrLogin}, case-insensitive on logins)
// before it is called not found: nobody is misreported. Pure: takes the Okta client (paced by the
// governor like every other call).
import { OktaNotFoundError, type OktaClient, type OktaRealm, type OktaUser } from "@/lib/okta";
import { quoteSearchValue } from "@/lib/okta/search";
import { classify } from "./classify";
import type { PreviewItem } from "./types";

export type Entry = { seq: number; input: string };
export type ResolvedEntry = PreviewItem & { seq: number };

/** Longest filter expression we send (characters before URL encoding). */
export const MAX_FILTER_CHARS = 4_000;
/**
 * Longest encoded filter parameter: the whole request line stays well under the 8 KB that common
 * proxies and servers accept.
 */
export const MAX_FILTER_URL_CHARS = 6_000;
/** Listing requests (or single reads) in flight at once; the governor paces them. */
const LANES = 4;

const OKTA_ID = /^[0-9A-Za-z]{20}$/;

type Pass = "login" | "email";

/** The filter terms that can match `input` in a pass (none: the pass doesn't apply). */
export function termsFor(input: string, pass: Pass): string[] {
  const variants = [...new Set([input, input.toLowerCase()])];
  if (pass === "email") return input.includes("@") ? variants.map((v) => `profile.email eq ${quoteSearchValue(v)}`) : [];
  if (OKTA_ID.test(input)) return [`id eq ${quoteSearchValue(input)}`];
  return variants.map((v) => `profile.login eq ${quoteSearchValue(v)}`);
}

/** Packs entries into `or`-joined filter expressions within the length limits, in order. */
export function filterBatches(entries: readonly Entry[], pass: Pass): { entries: Entry[]; filter: string }[] {
  const out: { entries: Entry[]; filter: string }[] = [];
  let current: Entry[] = [];
  let terms: string[] = [];
  let raw = 0;
  let encoded = 0;
  const flush = () => {
    if (terms.length > 0) out.push({ entries: current, filter: terms.join(" or ") });
    current = [];
    terms = [];
    raw = 0;
    encoded = 0;
  };
  for (const entry of entries) {
    const own = termsFor(entry.input, pass);
    if (own.length === 0) continue;
    const text = own.join(" or ");
    // " or " is 4 characters, 8 encoded ("%20or%20").
    const cost = (joined: boolean) => ({ raw: text.length + (joined ? 4 : 0), encoded: encodeURIComponent(text).length + (joined ? 8 : 0) });
    let add = cost(terms.length > 0);
    if (terms.length > 0 && (raw + add.raw > MAX_FILTER_CHARS || encoded + add.encoded > MAX_FILTER_URL_CHARS)) {
      flush();
      add = cost(false);
    }
    current.push(entry);
    terms.push(...own);
    raw += add.raw;
    encoded += add.encoded;
  }
  flush();
  return out;
}

async function inLanes<T>(work: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (;;) {
      const item = work[next++];
      if (item === undefined) return;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(LANES, work.length) }, lane));
}

const loginOf = (u: OktaUser) => (typeof u.profile.login === "string" ? u.profile.login.toLowerCase() : null);
const emailOf = (u: OktaUser) => (typeof u.profile.email === "string" ? u.profile.email.toLowerCase() : null);

export type ResolveOptions = { signal?: AbortSignal; onRequest?: () => void };

/**
 * Classifies every entry (will move, already there, blocked, not found). Entries naming a user
 * another entry already named become SKIPPED ("listed twice"), the first one keeps the user.
 */
export async function resolveEntries(client: OktaClient, entries: readonly Entry[], target: OktaRealm, opts: ResolveOptions = {}): Promise<{ items: ResolvedEntry[]; requests: number }> {
  let requests = 0;
  const spent = () => {
    requests += 1;
    opts.onRequest?.();
  };
  const found = new Map<number, ResolvedEntry>();
  const list = async (filter: string): Promise<OktaUser[]> => {
    const users: OktaUser[] = [];
    for await (const page of client.users.list({ filter, limit: 200 }).pages({ stop: opts.signal })) {
      spent();
      users.push(...page.items);
    }
    return users;
  };

  // 1. Logins and ids.
  await inLanes(filterBatches(entries, "login"), async (batch) => {
    const users = await list(batch.filter);
    const byId = new Map(users.map((u) => [u.id, u]));
    const byLogin = new Map(users.flatMap((u) => (loginOf(u) === null ? [] : [[loginOf(u) ?? "", u] as const])));
    for (const e of batch.entries) {
      const user = byId.get(e.input) ?? byLogin.get(e.input.toLowerCase());
      if (user) found.set(e.seq, { seq: e.seq, ...classify(user, e.input, target) });
    }
  });

  // 2. Emails, for what no login matched. One email can belong to several users: that entry names nobody in particular.
  await inLanes(
    filterBatches(
      entries.filter((e) => !found.has(e.seq)),
      "email",
    ),
    async (batch) => {
      const users = await list(batch.filter);
      for (const e of batch.entries) {
        const matches = users.filter((u) => emailOf(u) === e.input.toLowerCase());
        const only = matches[0];
        if (matches.length === 1 && only) found.set(e.seq, { seq: e.seq, ...classify(only, e.input, target) });
        else if (matches.length > 1) {
          found.set(e.seq, {
            seq: e.seq,
            input: e.input,
            userId: null,
            login: null,
            email: e.input,
            fromRealmId: null,
            status: "BLOCKED",
            message: `${matches.length} users have this email; list them by login or id instead.`,
          });
        }
      }
    },
  );

  // 3. One by one, before anyone is called not found.
  await inLanes(
    entries.filter((e) => !found.has(e.seq)),
    async (e) => {
      try {
        spent();
        found.set(e.seq, { seq: e.seq, ...classify(await client.users.get(e.input, { signal: opts.signal }), e.input, target) });
      } catch (error) {
        if (!(error instanceof OktaNotFoundError)) throw error;
        found.set(e.seq, { seq: e.seq, input: e.input, userId: null, login: null, email: null, fromRealmId: null, status: "NOT_FOUND", message: "No user with this login, email or id." });
      }
    },
  );

  const seen = new Set<string>();
  const items = entries.map((e): ResolvedEntry => {
    const item = found.get(e.seq);
    if (!item) throw new Error(`entry ${e.seq} was not resolved`);
    if (item.userId === null) return item;
    if (seen.has(item.userId)) return { ...item, userId: null, status: "SKIPPED", message: "Listed twice in the file (same user)." };
    seen.add(item.userId);
    return item;
  });
  return { items, requests };
}
