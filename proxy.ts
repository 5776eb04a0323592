import { NextResponse, type NextRequest } from "next/server";
import { pageForPath } from "@/lib/auth/page-access";
import { can } from "@/lib/auth/permissions";
import { resolveCaller } from "@/lib/auth/resolve-caller";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { env } from "@/lib/env";

// Signed-in pages only (see `matcher`). Its one job is the HTTP status: a page the caller's role may
// not use answers 403 with the forbidden page, which a server component cannot do without
// experimental flags. It is NOT the authorization: every page, action and route handler checks
// again through the guard (lib/auth/guard.ts, lib/auth/current-caller.ts).
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const page = pageForPath(request.nextUrl.pathname);
  if (!page) return NextResponse.next();
  const caller = await resolveCaller(request.cookies.get(sessionCookieName(env().APP_URL))?.value);
  if (caller.kind === "anonymous") {
    const signIn = new URL("/signin", request.nextUrl);
    signIn.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
    return NextResponse.redirect(signIn);
  }
  if (caller.kind === "non-member") return NextResponse.redirect(new URL("/denied?reason=NOT_A_MEMBER", request.nextUrl));
  if (!can(caller.member.role, page.permission)) {
    return NextResponse.rewrite(new URL("/forbidden", request.nextUrl), { status: 403 });
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/connections/:path*", "/members/:path*", "/audit/:path*"],
};
