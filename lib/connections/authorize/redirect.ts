// Where the callback sends the browser when it's done: a 303 to the Connections page, which reads
// the outcome from the database (the URL carries only an id or a fixed reason code). `target` is
// always a same-site path built by the callback, never taken from the request. no-referrer keeps
// the callback URL (with Okta's code) out of any Referer.
export function redirectToConnections(target: string): Response {
  if (!target.startsWith("/connections") || target.startsWith("//")) throw new Error("redirectToConnections needs a /connections path");
  return new Response(null, { status: 303, headers: { Location: target, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
}
