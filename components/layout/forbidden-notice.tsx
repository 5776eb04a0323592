import Link from "next/link";

/** The 403 page body: shown for direct access to a page the member's role may not use. */
export function ForbiddenNotice() {
  return (
    <section aria-labelledby="forbidden-heading" className="mx-auto max-w-xl px-6 py-16">
      <p className="text-sm font-medium text-slate-500">Error 403</p>
      <h1 id="forbidden-heading" className="mt-1 text-2xl font-semibold">
        You don&apos;t have access to this page
      </h1>
      <p className="mt-3 text-slate-700">Your role in this team does not include it. An owner can change your role on the Members page.</p>
      <Link href="/connections" className="mt-6 inline-block text-brand underline">
        Go to Connections
      </Link>
    </section>
  );
}
