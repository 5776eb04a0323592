// Okta paginates with RFC 8288 Link headers holding absolute org URLs; clients follow rel="next"
// verbatim and stop when it is absent.

export function linkHeader(orgUrl: string, path: string, query: URLSearchParams, nextAfter: string | null): string {
  const self = new URLSearchParams(query);
  const links = [`<${orgUrl}${path}${self.size ? `?${self}` : ""}>; rel="self"`];
  if (nextAfter !== null) {
    const next = new URLSearchParams(query);
    next.set("after", nextAfter);
    links.push(`<${orgUrl}${path}?${next}>; rel="next"`);
  }
  return links.join(", ");
}
