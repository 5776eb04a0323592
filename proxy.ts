import type { NextRequest } from "next/server";
import { proxyGate } from "@/lib/auth/proxy-gate";

// Next 16's middleware. Only the signed-in pages (lib/auth/page-access.ts; a unit test checks this
// matcher covers them): anonymous → sign-in, a role without the page's permission → 403 page.
// See lib/auth/proxy-gate.ts; pages, actions and route handlers check again on their own.
export function proxy(request: NextRequest) {
  return proxyGate(request);
}

export const config = {
  matcher: ["/connections/:path*", "/members/:path*", "/audit/:path*"],
};
