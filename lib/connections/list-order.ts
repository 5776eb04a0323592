// The orders the connections list can be sorted in, as keyset runs (lib/database/keyset-page.ts)
// read with Prisma. Every run is read in (sort column, id) order from a (column, id) index, bounded
// by the cursor, so a page reads only its own rows (plus ties on the cursor's value):
//   nickname        "Connection_nickname_key" (unique, so id never breaks a tie; Postgres adds an
//                   incremental sort on id that reads one row past the page)
//   domain          "Connection_oktaDomain_id_idx"
//   status          "Connection_status_id_idx", one equality run per status
//   lastAuthorized  "Connection_lastAuthorizedAt_id_idx": the authorized (IS NOT NULL, a range
//                   scanned either way), then the never-authorized (IS NULL, in id order)
//   created         "Connection_createdAt_id_idx"
// bench:scale EXPLAINs the first two pages of every order at 1,000 connections. Text sorts follow
// the database's collation (byte order under C.UTF-8: "Zeta" before "acme").
import type { ConnectionStatus, Prisma } from "@/lib/generated/prisma/client";
import type { KeysetSource, SortedPosition } from "@/lib/database/keyset-page";
import type { ConnectionOrder, ConnectionSort } from "./list-sort";
import { summarySelect, type ConnectionDeps, type ConnectionSummary } from "./types";

type Db = ConnectionDeps["db"];
type Where = Prisma.ConnectionWhereInput;
type Direction = ConnectionOrder["dir"];

/** Bounds on a column, of the column's own type (text or time). */
type Bound<V> = { gt?: V; gte?: V; lt?: V; lte?: V };

/** A sort column described once; the keyset source below works for every one. */
type SortKey = {
  /** Which rows each run holds, in the order shown. */
  runs(dir: Direction): Where[];
  runOf(value: string | null, dir: Direction): number | undefined;
  valueOf(row: ConnectionSummary): string | null;
  orderBy(dir: Direction): Prisma.ConnectionOrderByWithRelationInput;
  /** Rows past (value, id) in ascending (`up`) or descending (column, id) order, `inclusive` of it. */
  beyond(at: SortedPosition, up: boolean, inclusive: boolean): Where;
};

const idBound = (id: string, up: boolean, inclusive: boolean): Where => ({ id: up ? (inclusive ? { gte: id } : { gt: id }) : inclusive ? { lte: id } : { lt: id } });

/**
 * A text or time column. (value, id) > (v, c) is written "value >= v AND (value > v OR id > c)":
 * the first half bounds the index scan, which an OR alone would not. A nullable column keeps its
 * nulls as a last run in both directions.
 */
function rangeKey<V>(spec: {
  parse: (value: string) => V | undefined;
  format: (row: ConnectionSummary) => string | null;
  where: (bound: Bound<V>) => Where;
  orderBy: (dir: Direction) => Prisma.ConnectionOrderByWithRelationInput;
  nulls?: { isNull: Where; notNull: Where };
}): SortKey {
  const runs: Where[] = spec.nulls ? [spec.nulls.notNull, spec.nulls.isNull] : [{}];
  return {
    runs: () => runs,
    runOf: (value) => (value === null ? (spec.nulls ? 1 : undefined) : spec.parse(value) === undefined ? undefined : 0),
    valueOf: spec.format,
    orderBy: spec.orderBy,
    beyond: (at, up, inclusive) => {
      const v = at.value === null ? undefined : spec.parse(at.value);
      if (v === undefined) return idBound(at.id, up, inclusive); // the null run: one value, id order
      return { AND: [spec.where(up ? { gte: v } : { lte: v }), { OR: [spec.where(up ? { gt: v } : { lt: v }), idBound(at.id, up, inclusive)] }] };
    },
  };
}

const text = (value: string): string => value;
const time = (value: string): Date | undefined => {
  const at = new Date(value);
  return Number.isNaN(at.getTime()) || at.toISOString() !== value ? undefined : at;
};

/** Statuses in the order Postgres sorts the enum: from not yet authorized to needing attention. */
const STATUSES: ConnectionStatus[] = ["PENDING", "HEALTHY", "DEGRADED", "NEEDS_REAUTH"];
const isStatus = (value: string | null): value is ConnectionStatus => STATUSES.some((s) => s === value);
const statusesIn = (dir: Direction) => (dir === "asc" ? STATUSES : [...STATUSES].reverse());

const KEYS: Record<ConnectionSort, SortKey> = {
  nickname: rangeKey({ parse: text, format: (r) => r.nickname, where: (b) => ({ nickname: b }), orderBy: (d) => ({ nickname: d }) }),
  domain: rangeKey({ parse: text, format: (r) => r.oktaDomain, where: (b) => ({ oktaDomain: b }), orderBy: (d) => ({ oktaDomain: d }) }),
  created: rangeKey({ parse: time, format: (r) => r.createdAt.toISOString(), where: (b) => ({ createdAt: b }), orderBy: (d) => ({ createdAt: d }) }),
  lastAuthorized: rangeKey({
    parse: time,
    format: (r) => r.lastAuthorizedAt?.toISOString() ?? null,
    where: (b) => ({ lastAuthorizedAt: b }),
    orderBy: (d) => ({ lastAuthorizedAt: d }),
    nulls: { isNull: { lastAuthorizedAt: null }, notNull: { lastAuthorizedAt: { not: null } } },
  }),
  status: {
    runs: (dir) => statusesIn(dir).map((status) => ({ status })),
    runOf: (value, dir) => (isStatus(value) ? statusesIn(dir).indexOf(value) : undefined),
    valueOf: (r) => r.status,
    orderBy: (d) => ({ status: d }),
    beyond: (at, up, inclusive) => idBound(at.id, up, inclusive),
  },
};

/** The connections matching `filter` in `order`, as runs the keyset pager reads. */
export function connectionSource(db: Db, filter: Where, { sort, dir }: ConnectionOrder): KeysetSource<ConnectionSummary> {
  const key = KEYS[sort];
  const runs = key.runs(dir);
  const runAt = (run: number): Where => {
    const found = runs[run];
    if (!found) throw new Error(`no run ${run} in the ${sort} order`);
    return found;
  };
  const shownUp = dir === "asc";
  return {
    runs: runs.length,
    runOf: (value) => key.runOf(value, dir),
    position: (row) => ({ value: key.valueOf(row), id: row.id }),
    read: (run, way, from, take) => {
      // Going back through the list reads the run in the opposite order (the caller reverses it).
      const up = shownUp === (way === "forward");
      const order: Direction = up ? "asc" : "desc";
      return db.connection.findMany({
        where: { AND: [filter, runAt(run), from ? key.beyond(from, up, false) : {}] },
        orderBy: [key.orderBy(order), { id: order }],
        take,
        select: summarySelect,
      });
    },
    countBefore: (at, run, inclusive) =>
      db.connection.count({
        where: { AND: [filter, { OR: [...runs.slice(0, run), { AND: [runAt(run), key.beyond(at, !shownUp, inclusive)] }] }] },
      }),
    countAll: () => db.connection.count({ where: filter }),
  };
}
