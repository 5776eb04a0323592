import Link from "next/link";
import { redirect } from "next/navigation";
import { currentCaller } from "@/lib/auth/current-caller";
import { HOME_AFTER_SIGN_IN } from "@/lib/auth/page-access";
import { getHealth } from "@/lib/health/get-health";

export default async function HomePage() {
  const health = await getHealth();
  // Members go straight to the app; a database outage must still show the status below.
  const caller = health.database === "ok" ? await currentCaller().catch(() => null) : null;
  if (caller?.kind === "member") redirect(HOME_AFTER_SIGN_IN);
  return (
    <main className="mx-auto max-w-3xl px-6 py-16">
      <h1 className="text-3xl font-semibold tracking-tight">Okta Realms Connections</h1>
      <p className="mt-4 text-lg text-slate-700">
        Connect your team to Okta orgs through the Okta Realms connector&apos;s OAuth app, then administer realms,
        realm users and realm assignments from one place.
      </p>
      <Link href="/signin" className="mt-6 inline-block rounded-md bg-brand px-4 py-2 text-sm font-medium text-white hover:bg-brand-dark">
        Sign in
      </Link>
      <section aria-labelledby="status-heading" className="mt-10 rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="status-heading" className="text-lg font-medium">System status</h2>
        <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-slate-500">Version</dt>
          <dd>{health.version}</dd>
          <dt className="text-slate-500">Database</dt>
          <dd>{health.database === "ok" ? "Connected" : "Unreachable"}</dd>
          <dt className="text-slate-500">Migrations</dt>
          <dd>{health.migrations}</dd>
        </dl>
      </section>
    </main>
  );
}
