// The database-session cookie. Auth.js is configured with this exact name (lib/auth/config.ts) and
// the guard reads it, so the two cannot drift. "__Secure-" whenever the app is served over https.

export function usesSecureCookies(appUrl: string): boolean {
  return appUrl.startsWith("https:");
}

export function sessionCookieName(appUrl: string): string {
  return `${usesSecureCookies(appUrl) ? "__Secure-" : ""}authjs.session-token`;
}
