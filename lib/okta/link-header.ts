// RFC 8288 Link header parsing, just enough for Okta's cursors: `<url>; rel="next"`. The next URL is
// followed exactly as given; the cursor inside it is opaque and never rebuilt.

export type LinkRel = { href: string; rels: string[] };

export function parseLinkHeader(value: string | null | undefined): LinkRel[] {
  if (!value) return [];
  const links: LinkRel[] = [];
  // Each link starts with <…>; URLs can't contain ">" unescaped, and params never contain "<".
  const pattern = /<([^>]*)>([^<]*)/g;
  for (let m = pattern.exec(value); m !== null; m = pattern.exec(value)) {
    const href = m[1] ?? "";
    const params = m[2] ?? "";
    const rel = /(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? "").toLowerCase().split(/\s+/).filter((r) => r.length > 0);
    links.push({ href, rels });
  }
  return links;
}

/** The rel="next" target, resolved against the request URL when relative; undefined on the last page. */
export function nextLink(headers: Headers, requestUrl: string): string | undefined {
  // Headers.get joins repeated Link headers with ", ", which the parser above handles.
  const next = parseLinkHeader(headers.get("link")).find((l) => l.rels.includes("next"));
  if (!next || next.href === "") return undefined;
  return /^[a-z][a-z0-9+.-]*:/i.test(next.href) ? next.href : new URL(next.href, requestUrl).href;
}
