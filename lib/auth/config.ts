import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { NextAuthConfig } from "next-auth";
import { recordAuditBestEffort } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { admitSignIn } from "@/lib/team/admission";
import { parseAllowedDomains } from "@/lib/team/email";
import { planProviders, toAuthProvider, type SignInProvider } from "./providers";
import { resolveSignInClaims, type Claims } from "./sign-in-claims";
import { userInfoFetcher } from "./userinfo";
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
      async signIn({ account, profile }) {
        if (!account || account.type !== "oidc") return false;
        const spec = plan.specs.find((p) => p.id === account.provider);
        const accessToken = account.access_token;
        const { claims, userInfoProblem } = await resolveSignInClaims(
          (profile ?? {}) as Claims,
          spec && accessToken ? userInfoFetcher(spec, e.DEV_OKTA_HTTP_ORIGINS, accessToken) : undefined,
        );
        const admission = await admitSignIn(
          {
            provider: account.provider,
            providerAccountId: account.providerAccountId,
            accountType: account.type,
            email: claims.email,
            emailVerified: claims.emailVerified,
            name: claims.name,
            image: claims.image,
          },
          { allowedDomains },
        );
        if (admission.ok) return true;
        // No email because UserInfo could not be used says more than "no email was shared".
        const reason = admission.reason === "NO_EMAIL" && userInfoProblem ? userInfoProblem : admission.reason;
        await recordAuditBestEffort({
          action: "auth.sign_in",
          outcome: "DENIED",
          actor: { id: null, email: admission.email },
          target: admission.email,
          details: { provider: account.provider, reason, emailSource: claims.emailSource, emailVerified: claims.emailVerified ?? null },
        });
        return `/denied?reason=${reason}`;
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
