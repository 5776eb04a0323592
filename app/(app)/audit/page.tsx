import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { ForbiddenNotice } from "@/components/layout/forbidden-notice";
import { PageHeading } from "@/components/layout/page-heading";
import { requirePage } from "@/lib/auth/current-caller";
import { auditFilterOptions, auditFilters, searchAuditEvents } from "@/lib/audit/search-events";
import { firstParam } from "@/lib/http/search-params";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { allowed } = await requirePage("/audit");
  if (!allowed) return <ForbiddenNotice />;
  const raw = await searchParams;
  const filters = auditFilters.parse({
    connection: firstParam(raw.connection),
    actor: firstParam(raw.actor),
    operation: firstParam(raw.operation),
    outcome: firstParam(raw.outcome),
    after: firstParam(raw.after),
  });
  const [{ rows, next }, options] = await Promise.all([searchAuditEvents(filters), auditFilterOptions()]);
  const keep = new URLSearchParams(
    Object.entries({ connection: filters.connection, actor: filters.actor, operation: filters.operation, outcome: filters.outcome }).filter((e): e is [string, string] => Boolean(e[1])),
  );
  const olderHref = next ? `/audit?${new URLSearchParams([...keep.entries(), ["after", next]]).toString()}` : undefined;
  return (
    <>
      <PageHeading title="Audit log">Every sign-in, membership change and realm operation, newest first. Secrets are never recorded.</PageHeading>
      <AuditFilters values={filters} connections={options.connections} operations={options.operations} />
      <AuditTable rows={rows} />
      <nav aria-label="Audit pages" className="mt-4 flex gap-3 text-sm">
        {filters.after ? (
          <Link href={`/audit${keep.size > 0 ? `?${keep.toString()}` : ""}`} className="text-brand underline">
            Newest
          </Link>
        ) : null}
        {olderHref ? (
          <Link href={olderHref} className="text-brand underline">
            Older events
          </Link>
        ) : null}
      </nav>
    </>
  );
}
