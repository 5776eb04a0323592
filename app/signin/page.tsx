import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInButton } from "@/components/layout/sign-in-button";
import { signInProviders } from "@/lib/auth/config";
import { currentCaller } from "@/lib/auth/current-caller";
import { safeCallbackPath } from "@/lib/auth/page-access";

export const metadata: Metadata = { title: "Sign in" };

// Auth.js sends its errors here too (pages.error), as ?error=<type>.
const ERRORS: Record<string, string> = {
  AccessDenied: "You can't sign in to this installation.",
  OAuthAccountNotLinked: "Sign out first, then sign in with the other account.",
  Configuration: "Sign-in failed. Try again; if it keeps failing, an administrator should check the server log.",
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callback = safeCallbackPath(params.callbackUrl);
  const caller = await currentCaller();
  if (caller.kind === "member") redirect(callback);

  const providers = signInProviders();
  const errorType = typeof params.error === "string" ? params.error : undefined;
  const error = errorType ? (ERRORS[errorType] ?? ERRORS.Configuration) : undefined;
  return (
    <main className="mx-auto max-w-sm px-6 py-16">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in to Okta Realms Connections</h1>
      {params.signedOut ? (
        <p role="status" className="mt-4 text-sm text-emerald-700">
          You are signed out.
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {providers.length === 0 ? (
        <p role="alert" className="mt-6 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Sign-in is not configured. An administrator must set AUTH_OKTA_ISSUER, AUTH_OKTA_ID and AUTH_OKTA_SECRET (or the AUTH_OIDC_*
          equivalents) and restart the app.
        </p>
      ) : (
        <ul className="mt-8 flex flex-col gap-3">
          {providers.map((p) => (
            <li key={p.id}>
              <SignInButton providerId={p.id} providerName={p.name} redirectTo={callback} />
            </li>
          ))}
        </ul>
      )}
      <p className="mt-8 text-sm text-slate-600">
        Only members of this team can sign in: the first person becomes its owner, others need an invitation.
      </p>
    </main>
  );
}
