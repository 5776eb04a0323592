import type { Metadata } from "next";
import Link from "next/link";
import { PageHeading } from "@/components/layout/page-heading";
import { BulkMove } from "@/components/bulk/bulk-move";
import { requireMember } from "@/lib/auth/current-caller";
import { can } from "@/lib/auth/permissions";
import { listJobs } from "@/lib/bulk/store";
import { getConnectionSummary } from "@/lib/connections";
import { db } from "@/lib/db";
import { bulkServiceDeps } from "@/lib/jobs/server";
import { missingScopes } from "@/lib/okta";
import { MOVE_OPERATIONS } from "@/lib/jobs/bulk-okta";

export const metadata: Metadata = { title: "Move users to a realm" };

/** Bulk move: select users (CSV, search, realm), preview, run as a background job with live progress. */
export default async function BulkMovePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ job?: string }> }) {
  const { id } = await params;
  const { job } = await searchParams;
  const member = await requireMember(`/connections/${id}/bulk`);
  if (!can(member.role, "realms.read")) return <p role="alert">Your role does not allow this page.</p>;
  const connection = await getConnectionSummary(db(), id);
  if (!connection) return <p role="alert">This connection no longer exists.</p>;
  const jobs = await listJobs(bulkServiceDeps().pool, id, 10);
  const missing = missingScopes(MOVE_OPERATIONS, connection.grantedScopes);
  return (
    <>
      <p className="text-sm text-slate-500">
        <Link href="/connections" className="underline">
          Connections
        </Link>{" "}
        / {connection.nickname} <span className="text-slate-600">({connection.oktaDomain})</span>
      </p>
      <PageHeading title="Move users to a realm">
        Select users by CSV, an Okta search expression or a whole realm; preview who will move, then run it as a background job you can pause, resume or cancel.
      </PageHeading>
      <BulkMove
        connectionId={id}
        canWrite={can(member.role, "realms.write")}
        missingScopes={missing}
        initialJobId={job ?? null}
        recent={jobs.map((j) => ({ id: j.id, status: j.status, targetRealmName: j.targetRealmName, total: j.total, createdAt: j.createdAt.toISOString(), selectionSummary: j.selectionSummary }))}
      />
    </>
  );
}
