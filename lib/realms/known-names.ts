import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { OktaPage } from "@/lib/okta";
import { errorFields, logger } from "@/lib/observability/log";
import { realmDeps, type RealmDeps } from "./deps";

// The names of realms and realm assignments as this app last saw them through a connection (a
// listing, a read, a create or an update). An audit event about an object addressed only by id
// ("realm:guo…" for a realm's user listing, "assignment:rul…" for an activation) is written with
// the name from here, so the log reads "Partners" and keeps reading it after a rename or a delete.
// A cache of what Okta said: a miss only means the event shows the id.

export type NamedKind = "realm" | "assignment";
export type Named = { id: string; name: string };

type Db = Pick<PrismaClient, "$executeRaw" | "oktaName">;

const TARGET = /^(realm|assignment):(.+)$/;

/** "realm:guo…" → { kind: "realm", id: "guo…" }; anything else (a login, "assignments:ALL") → undefined. */
export function namedTarget(target: string | null | undefined): { kind: NamedKind; id: string } | undefined {
  const match = target ? TARGET.exec(target) : null;
  return match?.[1] && match[2] ? { kind: match[1] as NamedKind, id: match[2] } : undefined;
}

// What this process last wrote, so listing the same realms again writes nothing (a realm page view
// would otherwise cost a write). Only ever skips a write of the very name it wrote: another
// instance's newer name is never hidden, because Okta then shows this process that newer name too.
const WRITTEN_MAX = 10_000;
const written = new Map<string, string>();
const writtenKey = (connectionId: string, kind: NamedKind, id: string) => `${connectionId}\u0000${kind}\u0000${id}`;

function noteWritten(connectionId: string, kind: NamedKind, entries: readonly (readonly [string, string])[]): void {
  for (const [id, name] of entries) {
    const key = writtenKey(connectionId, kind, id);
    written.delete(key); // re-inserted last: the Map's order is the eviction order
    written.set(key, name);
  }
  for (const key of written.keys()) {
    if (written.size <= WRITTEN_MAX) break;
    written.delete(key);
  }
}

/**
 * Records the names (one statement however many). Best effort: a failure is logged and swallowed,
 * because the Okta work it accompanies has already happened.
 */
export async function rememberNames(db: Db, connectionId: string, kind: NamedKind, named: readonly Named[]): Promise<void> {
  if (!connectionId) return;
  const seen = new Map(named.filter((n) => n.id && n.name).map((n) => [n.id, n.name]));
  const unique = [...seen.entries()].filter(([id, name]) => written.get(writtenKey(connectionId, kind, id)) !== name);
  if (unique.length === 0) return;
  const ids = unique.map(([id]) => id);
  const names = unique.map(([, name]) => name);
  try {
    // Unchanged names are not rewritten (no dead tuples for every listing of the same realms).
    await db.$executeRaw`
      INSERT INTO "OktaName" ("connectionId", "kind", "oktaId", "name", "seenAt")
      SELECT ${connectionId}, ${kind}, id, name, now() FROM unnest(${ids}::text[], ${names}::text[]) AS n(id, name)
      ON CONFLICT ("connectionId", "kind", "oktaId") DO UPDATE SET "name" = EXCLUDED."name", "seenAt" = EXCLUDED."seenAt"
      WHERE "OktaName"."name" IS DISTINCT FROM EXCLUDED."name"`;
    noteWritten(connectionId, kind, unique);
  } catch (error) {
    logger("realms").warn({ kind, count: unique.length, ...errorFields(error) }, "could not remember Okta object names");
  }
}

/** The last seen name of the object an audit target addresses, if any. */
export async function knownNameOf(db: Db, connectionId: string, target: string | null | undefined): Promise<string | undefined> {
  const named = namedTarget(target);
  if (!named || !connectionId) return undefined;
  try {
    const row = await db.oktaName.findUnique({ where: { connectionId_kind_oktaId: { connectionId, kind: named.kind, oktaId: named.id } }, select: { name: true } });
    return row?.name;
  } catch (error) {
    logger("realms").warn({ kind: named.kind, ...errorFields(error) }, "could not read a remembered Okta object name");
    return undefined;
  }
}

/** The database the names live in: the operation's own (tests pass theirs), else the app's. */
export const namesDb = (deps: RealmDeps | undefined): Db => (deps ?? realmDeps()).tokens.db;

/** Passes Okta's pages through unchanged, remembering the names of the objects on each. */
export async function* rememberingPages<T>(pages: AsyncGenerator<OktaPage<T>, void, undefined>, remember: (items: T[]) => Promise<void>): AsyncGenerator<OktaPage<T>, void, undefined> {
  for await (const page of pages) {
    await remember(page.items);
    yield page;
  }
}
