import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { pageForPath } from "./page-access";
import { can } from "./permissions";
import { resolveCaller } from "./resolve-caller";
import { sessionCookieName } from "./session-cookie";

// The proxy's logic (proxy.ts only wires it up, with the static matcher Next requires there). Its
// one job is the HTTP status: a page the caller's role may not use answers 403 with the forbidden
// page, which a server component cannot do without experimental flags. It is NOT the
// authorization: every page, action and route handler checks again through the guard.
// `forwarded`: the request headers the page renders with (proxy.ts adds the CSP, whose nonce Next uses).
/**
 * Server-action POSTs (`Next-Action`) and client-side navigations carry no document whose status a
 * browser shows; the guard (actions) and the page itself (navigations) decide those, so the proxy
 * spares them a second session lookup. Next removes the `RSC` header before the proxy sees the
 * request, so a navigation shows by the `_rsc` query Next's router adds to it. Skipping is never
 * a way in: the page checks the caller itself and only the status code would differ.
 */
export function skipsGate(headers: Headers, searchParams: URLSearchParams): boolean {
  return headers.has("next-action") || headers.get("rsc") === "1" || searchParams.has("_rsc");
}

export async function proxyGate(request: NextRequest, forwarded: Headers = request.headers): Promise<NextResponse> {
  const page = pageForPath(request.nextUrl.pathname);
  if (!page || skipsGate(request.headers, request.nextUrl.searchParams)) return NextResponse.next({ request: { headers: forwarded } });
  const caller = await resolveCaller(request.cookies.get(sessionCookieName(env().APP_URL))?.value);
  if (caller.kind === "anonymous") {
    const signIn = new URL("/signin", request.nextUrl);
    signIn.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
    return NextResponse.redirect(signIn);
  }
  if (caller.kind === "non-member") return NextResponse.redirect(new URL("/denied?reason=NOT_A_MEMBER", request.nextUrl));
  if (!can(caller.member.role, page.permission)) {
    return NextResponse.rewrite(new URL("/forbidden", request.nextUrl), { status: 403, request: { headers: forwarded } });
  }
  return NextResponse.next({ request: { headers: forwarded } });
}
