// The callback answers with a tiny page that moves on to the Connections page, rather than a 3xx:
// a guarded route answers 200 to an allowed caller (the authorization matrix's contract), and the
// page carries no-referrer, so the callback URL (with Okta's code) is never sent anywhere as Referer.
// `target` is always a same-site path built by the callback, never taken from the request.
export function resultPage(target: string): Response {
  if (!target.startsWith("/") || target.startsWith("//")) throw new Error("resultPage needs a same-site path");
  const href = target.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=${href}"><title>Finishing authorization…</title></head>
<body><p>Finishing the authorization… <a href="${href}">Continue to Connections</a></p>
<script>location.replace(${JSON.stringify(target).replace(/</g, "\\u003c")})</script></body></html>`;
  return new Response(html, {
    status: 200,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
}
