import { formatTime } from "@/components/realms/format";
import type { AuditRow } from "@/lib/audit/search-events";

const OUTCOME_STYLE = { SUCCESS: "text-emerald-700", FAILURE: "text-amber-700", DENIED: "text-red-700" } as const;

/** Audit events: who did what through which connection, to what, how it ended, and Okta's request id. */
export function AuditTable({ rows }: { rows: AuditRow[] }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Audit events</caption>
      <thead className="border-b border-slate-200 text-slate-500">
        <tr>
          <th scope="col" className="py-2 pr-3 font-medium">Time</th>
          <th scope="col" className="py-2 pr-3 font-medium">Actor</th>
          <th scope="col" className="py-2 pr-3 font-medium">Connection</th>
          <th scope="col" className="py-2 pr-3 font-medium">Operation</th>
          <th scope="col" className="py-2 pr-3 font-medium">Target</th>
          <th scope="col" className="py-2 pr-3 font-medium">Outcome</th>
          <th scope="col" className="py-2 font-medium">Okta request id</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr key={e.id} className="border-b border-slate-100 align-top">
            <td className="py-2 pr-3 whitespace-nowrap text-slate-600">
              <time dateTime={e.at}>{formatTime(e.at)}</time>
            </td>
            <td className="py-2 pr-3">{e.actorEmail ?? "system"}</td>
            <td className="py-2 pr-3">{e.connectionName ?? (e.connectionId ? "(deleted)" : "—")}</td>
            <td className="py-2 pr-3 font-mono text-xs">{e.action}</td>
            <td className="py-2 pr-3 break-all">{e.target ?? ""}</td>
            <td className={`py-2 pr-3 font-medium ${OUTCOME_STYLE[e.outcome]}`}>
              {e.outcome}
              {e.summary && e.outcome !== "SUCCESS" ? <div className="text-xs font-normal text-slate-600">{e.summary}</div> : null}
              {e.referenceId ? <div className="text-xs font-normal text-slate-500">Ref {e.referenceId}</div> : null}
            </td>
            <td className="py-2 font-mono text-xs break-all">{e.oktaRequestId ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
