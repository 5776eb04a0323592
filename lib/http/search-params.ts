// Next.js hands a page a repeated query key as an array; the pages read one value per key and
// treat an empty one as absent, so "?q=" and no q list the same rows.

/** The first value of a search param, or undefined when it is missing or empty. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value) || undefined;
}
