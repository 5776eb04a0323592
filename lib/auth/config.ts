import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { NextAuthConfig } from "next-auth";
import { recordAuditBestEffort } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { admitSignIn } from "@/lib/team/admission";
import { parseAllowedDomains } from "@/lib/team/email";
import { planProviders, toAuthProvider, type SignInProvider } from "./providers";
import { sessionCookieName, usesSecureCookies } from "./session-cookie";
import { logger } from "@/lib/observability/log";

// Auth.js (next-auth 5.0.0-beta.32) with the Prisma adapter and database sessions. Built lazily on
// the first request: `next build` imports auth.ts without a runtime environment or database.

let logged = false;
function logOnce(problems: string[], warnings: string[]): void {
  if (logged) return;
  logged = true;
  for (const line of problems) logger("auth").error(line);
  for (const line of warnings) logger("auth").warn(`!!! ${line}`);
}

/** The providers the sign-in page offers (id and display name only). */
export function signInProviders(): SignInProvider[] {
  return planProviders(env()).specs.map(({ id, name }) => ({ id, name }));
}

/** Why sign-in may not work, for the sign-in page (configuration only, never secrets). */
export function signInProblems(): string[] {
  return planProviders(env()).problems;
}

let cached: NextAuthConfig | undefined;

export function authConfig(): NextAuthConfig {
  if (cached) return cached;
  const e = env();
  // Auth.js builds its redirect URIs from AUTH_URL when set, else from the request's Host header.
  // APP_URL is this app's one public-URL setting, so it is handed over (npm start does the same).
  process.env.AUTH_URL ??= e.APP_URL;

  const plan = planProviders(e);
  logOnce(plan.problems, plan.warnings);
  const allowedDomains = parseAllowedDomains(e.ALLOWED_EMAIL_DOMAINS);
  const maxAge = e.SESSION_MAX_AGE_HOURS * 3600;
  const adapter = PrismaAdapter(db());

  cached = {
    adapter: {
      ...adapter,
      // Users are only ever created by admission (lib/team/admission.ts), together with their
      // membership. Reaching this means a sign-in skipped admission: refuse rather than create a user.
      createUser: async () => {
        throw new Error("users are created by admission only");
      },
    },
    secret: e.AUTH_SECRET,
    // Absolute lifetime: a session ends SESSION_MAX_AGE_HOURS after sign-in, activity does not extend it.
    session: { strategy: "database", maxAge, updateAge: maxAge },
    useSecureCookies: usesSecureCookies(e.APP_URL),
    cookies: { sessionToken: { name: sessionCookieName(e.APP_URL) } },
    pages: { signIn: "/signin", error: "/signin" },
    providers: plan.specs.map((spec) => toAuthProvider(spec, e.DEV_OKTA_HTTP_ORIGINS)),
    callbacks: {
      async signIn({ account, profile, user }) {
        if (!account || account.type !== "oidc") return false;
        const verified: unknown = profile?.email_verified; // some issuers send "true"/"false"
        const admission = await admitSignIn(
          {
            provider: account.provider,
            providerAccountId: account.providerAccountId,
            accountType: account.type,
            email: user.email ?? (typeof profile?.email === "string" ? profile.email : null),
            emailVerified: typeof verified === "boolean" ? verified : verified === "true" ? true : verified === "false" ? false : undefined,
            name: user.name,
            image: user.image,
          },
          { allowedDomains },
        );
        if (admission.ok) return true;
        await recordAuditBestEffort({
          action: "auth.sign_in",
          outcome: "DENIED",
          actor: { id: null, email: admission.email },
          target: admission.email,
          details: { provider: account.provider, reason: admission.reason },
        });
        return `/denied?reason=${admission.reason}`;
      },
    },
    events: {
      async signIn({ user, account }) {
        await recordAuditBestEffort({
          action: "auth.sign_in",
          outcome: "SUCCESS",
          actor: { id: user.id ?? null, email: user.email ?? null },
          details: { provider: account?.provider ?? null },
        });
      },
      async signOut(message) {
        const session = "session" in message ? message.session : null;
        if (!session) return;
        const user = await db().user.findUnique({ where: { id: session.userId }, select: { email: true } }).catch(() => null);
        await recordAuditBestEffort({ action: "auth.sign_out", outcome: "SUCCESS", actor: { id: session.userId, email: user?.email ?? null } });
      },
    },
  };
  return cached;
}
