import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";

// Auth.js entry point. It lives in lib/ (not a root auth.ts) so the launcher's build fingerprint
// sees changes to it. The configuration is a function so that it is built on the first request,
// not when `next build` imports this module. See lib/auth/config.ts.
export const { handlers, auth, signIn, signOut } = NextAuth(() => authConfig());
