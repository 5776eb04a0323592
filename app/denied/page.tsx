import type { Metadata } from "next";
import Link from "next/link";
import { SignOutButton } from "@/components/layout/sign-out-button";

export const metadata: Metadata = { title: "Access refused" };

// Where refused sign-ins land (the signIn callback redirects here with ?reason=...). Nothing was
// created for the person: no user, no session.
const REASONS: Record<string, { title: string; body: string }> = {
  NOT_INVITED: {
    title: "You haven't been invited",
    body: "This installation only admits people an owner or admin has invited by email. Ask them to invite the email address you signed in with, then sign in again.",
  },
  EMAIL_UNVERIFIED: {
    title: "Your email address isn't verified",
    body: "Your identity provider says the email address on your account is not verified. Verify it there, then sign in again.",
  },
  NO_EMAIL: {
    title: "No email address was shared",
    body: "Your identity provider did not share an email address, and membership is by email. Ask your administrator to release the email claim to this app.",
  },
  USERINFO_FAILED: {
    title: "Your identity provider's profile could not be read",
    body: "Your sign-in left out your email address, and the identity provider's UserInfo endpoint did not answer with it. Try again; if it keeps happening, ask your administrator to release the email claim to this app.",
  },
  USERINFO_SUBJECT_MISMATCH: {
    title: "Your identity provider's profile was about someone else",
    body: "The identity provider's UserInfo answer named a different person than the sign-in itself, so it was not used. Ask your administrator to check the identity provider.",
  },
  EMAIL_IN_USE: {
    title: "This email already signs in another way",
    body: "A member with this email address signs in with a different account or provider. Use that one.",
  },
  NOT_A_MEMBER: {
    title: "You are no longer a member",
    body: "Your membership of this team has ended. Ask an owner or admin to invite you again.",
  },
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DeniedPage({ searchParams }: Props) {
  const { reason } = await searchParams;
  const content = (typeof reason === "string" ? REASONS[reason] : undefined) ?? REASONS.NOT_INVITED;
  return (
    <main className="mx-auto max-w-xl px-6 py-16">
      <p className="text-sm font-medium text-slate-500">Access refused</p>
      <h1 className="mt-1 text-2xl font-semibold">{content?.title}</h1>
      <p className="mt-3 text-slate-700">{content?.body}</p>
      {reason === "NOT_A_MEMBER" ? (
        <div className="mt-6">
          <SignOutButton />
        </div>
      ) : (
        <Link href="/signin" className="mt-6 inline-block text-brand underline">
          Back to sign-in
        </Link>
      )}
    </main>
  );
}
