import type { Permission } from "./permissions";

// Which permission each signed-in page needs. Navigation hides what a role cannot use, the proxy
// answers 403 for direct access, and each page checks again (the proxy is not the only gate).
export const APP_PAGES = [
  { href: "/connections", label: "Connections", permission: "connections.read" },
  { href: "/members", label: "Members", permission: "members.invite" },
  { href: "/audit", label: "Audit log", permission: "audit.read" },
] as const satisfies readonly { href: string; label: string; permission: Permission }[];

export type AppPage = (typeof APP_PAGES)[number];

/** The page a pathname belongs to (`/members/x` belongs to `/members`), if it is a signed-in page. */
export function pageForPath(pathname: string): AppPage | undefined {
  return APP_PAGES.find((page) => pathname === page.href || pathname.startsWith(`${page.href}/`));
}

/** Where a signed-in member lands after sign-in. */
export const HOME_AFTER_SIGN_IN = "/connections";

const BASE = "http://app.invalid";

/**
 * Only same-site relative paths are followed after sign-in (no open redirects). The value is parsed
 * the way a browser would (which drops tabs and newlines and reads "\\" as "/"), so "/\t/evil"
 * cannot turn into "//evil" after the check; control characters are refused outright.
 */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(value)) return HOME_AFTER_SIGN_IN;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return HOME_AFTER_SIGN_IN;
  }
  if (url.origin !== BASE || url.pathname.startsWith("//")) return HOME_AFTER_SIGN_IN;
  return `${url.pathname}${url.search}${url.hash}`;
}
