// The response header policy: a Content-Security-Policy with a fresh nonce per request (set by
// proxy.ts, which Next reads back to put the nonce on its own <script> tags), and the fixed headers.
// Pure, so the policy is unit-tested as text (tests/web-security/security-headers.verify.unit.test.ts).

export type CspOptions = {
  nonce: string;
  /** `next dev` only: React rebuilds server error stacks with eval, and HMR talks over a websocket. */
  development: boolean;
  /** The app is served over https (APP_URL): ask browsers to upgrade any stray http sub-resource. */
  https: boolean;
};

/** 128 random bits, base64: unguessable and valid inside 'nonce-…'. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy({ nonce, development, https }: CspOptions): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // 'strict-dynamic': scripts Next's nonced bootstrap loads are trusted; no inline script without
    // the nonce, no eval (production React and Next do not use it).
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    // Styles stay 'unsafe-inline' (and therefore carry no nonce, which would disable it): React
    // renders style="" attributes on the server (the bulk-move progress bar) and Radix Dialog's
    // scroll lock injects a <style> element without a nonce. Inline styles cannot run code.
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'", ...(development ? ["ws:", "wss:"] : [])],
    // Our forms post to ourselves only. The OAuth flows leave for Okta by navigation
    // (window.location after the action or Auth.js answers), not by a form post redirected there.
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
    ["base-uri", "'none'"],
    ["object-src", "'none'"],
    ...(https ? ([["upgrade-insecure-requests"]] as [string][]) : []),
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}

/** Headers on every proxied response besides the CSP. HSTS only when the public URL is https. */
export function fixedSecurityHeaders({ https }: { https: boolean }): [string, string][] {
  return [
    ["X-Frame-Options", "DENY"],
    ["X-Content-Type-Options", "nosniff"],
    // Nothing of our URLs (connection ids, realm ids, search terms) goes to Okta or anyone else;
    // the OAuth flows do not need a Referer.
    ["Referrer-Policy", "no-referrer"],
    // Repeated in next.config.js, which alone reaches build assets: keep the two values equal.
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ...(https ? ([["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]] as [string, string][]) : []),
  ];
}
