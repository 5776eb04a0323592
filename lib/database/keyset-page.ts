// Keyset paging over a sort order the user picked, both ways, with the page's position for
// "Showing 26–50 of 1,000". An order is a list of runs shown one after another, and inside a run
// rows go by (sort key, id):
// - a plain column is one run;
// - a nullable column is two: its values, then the nulls (last whichever way it is sorted);
// - an enum column is one run per value, in the order shown (Prisma cannot compare enums with
//   < and >, but "= value" is an equality that a (column, id) index serves in id order).
// The caller reads a run from its table; this module decides which run and from which row, so a
// page reads its own rows (plus ties on the cursor's key) however long the list is.
import type { SortedPosition } from "./keyset-cursor";

export type { SortedPosition };

export type KeysetSource<Row> = {
  /** How many runs the order has. */
  runs: number;
  /** The run that holds rows with this sort value; undefined when none can (a forged cursor). */
  runOf(value: string | null): number | undefined;
  position(row: Row): SortedPosition;
  /**
   * Up to `take` rows of a run, nearest first, strictly past `from` going `way` through the order
   * shown (from the run's edge when `from` is absent).
   */
  read(run: number, way: "forward" | "backward", from: SortedPosition | undefined, take: number): Promise<Row[]>;
  /** How many rows are shown before `at` (which is in `run`), counting `at` itself when `inclusive`. */
  countBefore(at: SortedPosition, run: number, inclusive: boolean): Promise<number>;
  countAll(): Promise<number>;
};

export type KeysetPage<Row> = {
  rows: Row[];
  /** Rows in the list, and the 0-based position of this page's first row among them. */
  total: number;
  offset: number;
  /** Positions for the Next/Previous links; absent on the last/first page. */
  next?: SortedPosition;
  previous?: SortedPosition;
};

type Anchor = { at: SortedPosition; run: number };

function anchorOf<Row>(source: KeysetSource<Row>, at: SortedPosition | undefined): Anchor | undefined {
  const run = at ? source.runOf(at.value) : undefined;
  return at && run !== undefined ? { at, run } : undefined;
}

/** Rows nearest the anchor going `way`, crossing into the following runs until `take` are found. */
async function walk<Row>(source: KeysetSource<Row>, way: "forward" | "backward", from: Anchor | undefined, take: number): Promise<Row[]> {
  const step = way === "forward" ? 1 : -1;
  const rows: Row[] = [];
  let run = from?.run ?? (way === "forward" ? 0 : source.runs - 1);
  let at = from?.at;
  while (rows.length < take && run >= 0 && run < source.runs) {
    rows.push(...(await source.read(run, way, at, take - rows.length)));
    run += step;
    at = undefined;
  }
  return rows;
}

/**
 * One page: `after` continues past a row, `before` goes back from one; a cursor that fits no run
 * means the first page. Rows added or deleted between two clicks shift the page boundaries but
 * never repeat or skip a row that existed on both clicks.
 */
export async function readKeysetPage<Row>(
  source: KeysetSource<Row>,
  cursors: { after?: SortedPosition | undefined; before?: SortedPosition | undefined },
  pageSize: number,
): Promise<KeysetPage<Row>> {
  const after = anchorOf(source, cursors.after);
  const before = after ? undefined : anchorOf(source, cursors.before);
  // Started once: a `before` that lands on the first page falls through and needs the same total.
  const counted = source.countAll();

  const pageOf = (rows: Row[], total: number, offset: number): KeysetPage<Row> => {
    const first = rows[0];
    const last = rows.at(-1);
    return {
      rows,
      total,
      offset,
      ...(last && offset + rows.length < total ? { next: source.position(last) } : {}),
      ...(first && offset > 0 ? { previous: source.position(first) } : {}),
    };
  };

  if (before) {
    const [found, shownBefore, total] = await Promise.all([walk(source, "backward", before, pageSize), source.countBefore(before.at, before.run, false), counted]);
    // Fewer than a page before the cursor: that is the first page; show it full.
    if (shownBefore >= pageSize) return pageOf(found.reverse(), total, shownBefore - found.length);
  }

  const [rows, total, offset] = await Promise.all([
    walk(source, "forward", after, pageSize),
    counted,
    after ? source.countBefore(after.at, after.run, true) : Promise.resolve(0),
  ]);
  return pageOf(rows, total, offset);
}
