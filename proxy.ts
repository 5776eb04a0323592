import { NextResponse, type NextRequest } from "next/server";
import { proxyGate } from "@/lib/auth/proxy-gate";
import { env } from "@/lib/env";
import { checkSameOrigin, CROSS_ORIGIN_REFUSAL } from "@/lib/http/same-origin";
import { contentSecurityPolicy, fixedSecurityHeaders, newNonce } from "@/lib/http/security-headers";
import { logger } from "@/lib/observability/log";

// Next 16's middleware. Three jobs:
// 1. State-changing requests (server actions are POSTs) from another origin are refused with 403
//    before anything runs (lib/http/same-origin.ts says why Next's own check is not enough).
// 2. Every page and route gets the security headers, with a Content-Security-Policy carrying a fresh
//    nonce (lib/http/security-headers.ts). The policy is also put on the request: Next reads the
//    nonce from there and adds it to its own scripts (which is why every page renders dynamically,
//    see app/layout.tsx).
// 3. The signed-in pages (lib/auth/page-access.ts; a unit test checks they are listed here):
//    anonymous → sign-in, a role without the page's permission → 403 page. See lib/auth/proxy-gate.ts;
//    pages, actions and route handlers check again on their own.
export async function proxy(request: NextRequest) {
  const appUrl = new URL(env().APP_URL);
  const https = appUrl.protocol === "https:";
  const policy = contentSecurityPolicy({ nonce: newNonce(), development: process.env.NODE_ENV === "development", https });
  const sameOrigin = checkSameOrigin(request.method, request.nextUrl.pathname, request.headers.get("origin"), appUrl.origin);
  let response: NextResponse;
  if (!sameOrigin.ok) {
    logger("proxy").warn({ method: request.method, path: request.nextUrl.pathname }, `refused: ${sameOrigin.reason}`);
    response = new NextResponse(CROSS_ORIGIN_REFUSAL, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  } else {
    const forwarded = new Headers(request.headers);
    forwarded.set("Content-Security-Policy", policy);
    response = await proxyGate(request, forwarded);
  }
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of fixedSecurityHeaders({ https })) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    "/connections/:path*",
    "/members/:path*",
    "/audit/:path*",
    // Everything else but build assets (immutable files; next.config.js gives them the fixed headers).
    "/((?!_next/static|_next/image|favicon.ico).*)",
  ],
};
