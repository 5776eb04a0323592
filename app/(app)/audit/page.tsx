import type { Metadata } from "next";
import { ForbiddenNotice } from "@/components/layout/forbidden-notice";
import { PageHeading } from "@/components/layout/page-heading";
import { listAuditEvents } from "@/lib/audit/list-events";
import { requirePage } from "@/lib/auth/current-caller";

export const metadata: Metadata = { title: "Audit log" };

const timeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium" });
const OUTCOME_STYLE = { SUCCESS: "text-emerald-700", FAILURE: "text-amber-700", DENIED: "text-red-700" } as const;

// A first view of the audit log (newest 100); filters and paging come with the audit work.
export default async function AuditPage() {
  const { allowed } = await requirePage("/audit");
  if (!allowed) return <ForbiddenNotice />;
  const events = await listAuditEvents({ limit: 100 });
  return (
    <>
      <PageHeading title="Audit log">Sign-ins, membership changes and every operation, newest first.</PageHeading>
      {events.length === 0 ? (
        <p className="text-slate-600">Nothing recorded yet.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Audit events</caption>
          <thead className="border-b border-slate-200 text-slate-500">
            <tr>
              <th scope="col" className="py-2 font-medium">When</th>
              <th scope="col" className="py-2 font-medium">Who</th>
              <th scope="col" className="py-2 font-medium">Action</th>
              <th scope="col" className="py-2 font-medium">Target</th>
              <th scope="col" className="py-2 font-medium">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id} className="border-b border-slate-100">
                <td className="py-2 whitespace-nowrap text-slate-600">
                  <time dateTime={e.at}>{timeFormat.format(new Date(e.at))}</time>
                </td>
                <td className="py-2">{e.actorEmail ?? "—"}</td>
                <td className="py-2 font-mono text-xs">{e.action}</td>
                <td className="py-2">{e.target ?? ""}</td>
                <td className={`py-2 font-medium ${OUTCOME_STYLE[e.outcome]}`}>{e.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
