// The cursor of a keyset-paged list (connections, audit log): the boundary row's (timestamp, id),
// handed to the browser as opaque base64url of "<iso>|<id>". It arrives back as a query parameter
// anyone can edit, so anything that is not exactly that shape decodes to no cursor (the first
// page) rather than an error page.

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
