// Cross-site request forgery, refused before anything runs. Server actions are POSTs to page URLs;
// Next compares their Origin with the Host header, but lets a request WITHOUT Origin through (it
// only logs a warning), answers a mismatch with a 500, and trusts whatever Host/X-Forwarded-Host a
// proxy passes on. Our rule is simpler and stricter: a state-changing request (any method but
// GET/HEAD/OPTIONS) must come from a page of APP_URL's origin, which browsers state in Origin on
// every POST. Requests from other tools carry no Origin and no victim's cookies; they are refused
// too (nothing legitimate posts to this app from outside a browser).
// The one exception is the sign-in callback, which an identity provider may POST (form_post);
// Auth.js protects it with state, PKCE and nonce.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const EXEMPT_PATH = /^\/api\/auth\/callback\//;

export type CrossOriginVerdict = { ok: true } | { ok: false; reason: string };

export function checkSameOrigin(method: string, pathname: string, originHeader: string | null, appOrigin: string): CrossOriginVerdict {
  if (SAFE_METHODS.has(method.toUpperCase()) || EXEMPT_PATH.test(pathname)) return { ok: true };
  if (!originHeader) return { ok: false, reason: "no Origin header" };
  if (originHeader !== appOrigin) return { ok: false, reason: `Origin ${originHeader.slice(0, 100)} is not ${appOrigin}` };
  return { ok: true };
}

/** What the refused caller sees (403, text/plain): the fix for a deployment opened under another address. */
export const CROSS_ORIGIN_REFUSAL = "Cross-origin request refused. If you opened this app under another address, use its APP_URL.\n";
