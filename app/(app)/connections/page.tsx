import type { Metadata } from "next";
import { ForbiddenNotice } from "@/components/layout/forbidden-notice";
import { PageHeading } from "@/components/layout/page-heading";
import { requirePage } from "@/lib/auth/current-caller";

export const metadata: Metadata = { title: "Connections" };

// Placeholder: the connection list is built by the connections work.
export default async function ConnectionsPage() {
  const { allowed } = await requirePage("/connections");
  if (!allowed) return <ForbiddenNotice />;
  return (
    <>
      <PageHeading title="Connections">OAuth connections to Okta orgs, shared by the team.</PageHeading>
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">No connections yet.</p>
    </>
  );
}
