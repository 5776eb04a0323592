// The orders the connections list offers, as the URL names them (?sort=nickname&dir=asc). Plain
// values with no database behind them, so the page's links and headers can use them in the browser;
// ./list-order.ts reads each order from the database.
import { z } from "zod";

export const CONNECTION_SORTS = ["nickname", "domain", "status", "lastAuthorized", "created"] as const;
export type ConnectionSort = (typeof CONNECTION_SORTS)[number];
export const connectionSortSchema = z.enum(CONNECTION_SORTS);
export const sortDirectionSchema = z.enum(["asc", "desc"]);
export type SortDirection = z.infer<typeof sortDirectionSchema>;

export type ConnectionOrder = { sort: ConnectionSort; dir: SortDirection };

/** The list's order when none is asked for: newest first. */
export const DEFAULT_CONNECTION_ORDER: ConnectionOrder = { sort: "created", dir: "desc" };

/** Which way a column sorts when first chosen: dates newest first, everything else A to Z. */
export function firstDirection(sort: ConnectionSort): SortDirection {
  return sort === "created" || sort === "lastAuthorized" ? "desc" : "asc";
}

export function connectionOrder(sort: ConnectionSort | undefined, dir: SortDirection | undefined): ConnectionOrder {
  const chosen = sort ?? DEFAULT_CONNECTION_ORDER.sort;
  return { sort: chosen, dir: dir ?? firstDirection(chosen) };
}

/** The order as URL parameters: none for the default, so plain /connections keeps its meaning. */
export function orderParams({ sort, dir }: ConnectionOrder): { sort?: ConnectionSort; dir?: SortDirection } {
  return sort === DEFAULT_CONNECTION_ORDER.sort && dir === DEFAULT_CONNECTION_ORDER.dir ? {} : { sort, dir };
}

/** The name a cursor carries, so a cursor made for one order is not used in another. */
export const orderTag = ({ sort, dir }: ConnectionOrder): string => `${sort}.${dir}`;
