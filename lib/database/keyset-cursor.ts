// Cursors of keyset-paged lists, handed to the browser as opaque base64url: the audit log's
// boundary row as "<iso>|<id>", and a sortable list's (order, sort value, id) below. They arrive
// back as query parameters anyone can edit, so anything that is not exactly that shape decodes to
// no cursor (the first page) rather than an error page.

export type KeysetCursor = { at: Date; id: string };

export function encodeKeysetCursor({ at, id }: KeysetCursor): string {
  return Buffer.from(`${at.toISOString()}|${id}`, "utf8").toString("base64url");
}

export function decodeKeysetCursor(value: string | undefined): KeysetCursor | undefined {
  if (!value) return undefined;
  const [iso, id, extra] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const at = iso ? new Date(iso) : undefined;
  return at && !Number.isNaN(at.getTime()) && id && extra === undefined ? { at, id } : undefined;
}

/** A row's place in a sorted list: its sort key as text (null for a null key) and its id. */
export type SortedPosition = { value: string | null; id: string };

/**
 * The cursor of a list the user can sort: base64url of JSON [order, value, id], where `order`
 * names the sort it was made for (e.g. "nickname.asc"). A cursor made for another order decodes to
 * none (the first page): its value means nothing in this one.
 */
export function encodeSortedCursor(order: string, { value, id }: SortedPosition): string {
  return Buffer.from(JSON.stringify([order, value, id]), "utf8").toString("base64url");
}

export function decodeSortedCursor(order: string, cursor: string | undefined): SortedPosition | undefined {
  if (!cursor) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
  const [madeFor, value, id] = parsed as unknown[];
  return madeFor === order && (typeof value === "string" || value === null) && typeof id === "string" && id !== "" ? { value, id } : undefined;
}
