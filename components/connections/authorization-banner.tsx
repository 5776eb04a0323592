import Link from "next/link";
import type { AuthorizationOutcome } from "@/lib/connections/authorize/outcome";
import { cn } from "@/components/ui/cn";

/**
 * The result of the last authorization round trip. Only what differs from the request is listed
 * (not granted, newly granted); the full requested/granted table is one click away. After a first
 * authorization the next step (creating a realm) is a link here.
 */
export function AuthorizationBanner({ outcome }: { outcome: AuthorizationOutcome }) {
  const missing = [...outcome.missingRequired, ...outcome.missingOptional];
  const warn = outcome.ok && (outcome.missingOptional.length > 0 || outcome.principalChanged);
  return (
    <section
      role={outcome.ok ? "status" : "alert"}
      aria-labelledby="authorization-result-heading"
      className={cn("mb-6 rounded-lg border p-4 text-sm", !outcome.ok ? "border-red-300 bg-red-50" : warn ? "border-amber-300 bg-amber-50" : "border-emerald-300 bg-emerald-50")}
    >
      <h2 id="authorization-result-heading" className="font-medium">
        {outcome.ok ? `${outcome.reauthorize ? "Reauthorized" : "Authorized"} “${outcome.nickname}”` : `Authorization of “${outcome.nickname}” failed`}
      </h2>
      <p className="mt-1" data-testid="authorization-message">
        {outcome.message}
      </p>
      {missing.length > 0 || (outcome.reauthorize && outcome.newlyGranted.length > 0) ? (
        <ul className="mt-2 list-disc pl-5 text-xs" aria-label="Differences from the request">
          {outcome.missingRequired.map((s) => (
            <li key={s}>
              <span className="font-mono">{s}</span>: not granted (required)
            </li>
          ))}
          {outcome.missingOptional.map((s) => (
            <li key={s}>
              <span className="font-mono">{s}</span>: not granted
            </li>
          ))}
          {outcome.reauthorize
            ? outcome.newlyGranted.map((s) => (
                <li key={s}>
                  <span className="font-mono">{s}</span>: newly granted
                </li>
              ))
            : null}
        </ul>
      ) : null}
      {outcome.grantedScopes.length > 0 || missing.length > 0 ? (
        <details className="mt-2 text-xs">
          <summary className="cursor-pointer">All requested and granted scopes</summary>
          <table className="mt-2 text-left text-xs" aria-label="Requested and granted scopes">
          <thead>
            <tr>
              <th scope="col" className="pr-4 font-medium">Scope</th>
              <th scope="col" className="font-medium">Result</th>
            </tr>
          </thead>
          <tbody>
            {[...new Set([...outcome.requestedScopes, ...outcome.grantedScopes])].sort().map((scope) => {
              const required = outcome.missingRequired.includes(scope);
              const optional = outcome.missingOptional.includes(scope);
              const added = outcome.newlyGranted.includes(scope);
              return (
                <tr key={scope} data-testid={`scope-row-${scope}`}>
                  <td className="pr-4 font-mono">{scope}</td>
                  <td className={required ? "text-red-800" : optional ? "text-amber-900" : "text-emerald-800"}>
                    {required ? "Not granted (required)" : optional ? "Not granted" : added ? "Granted (new)" : "Granted"}
                  </td>
                </tr>
              );
            })}
          </tbody>
          </table>
        </details>
      ) : null}
      {missing.length > 0 ? (
        <p className="mt-2 text-xs">
          Fix: in the Okta Admin Console, open the OAuth app → <strong>Okta API Scopes</strong> tab → Grant {missing.join(", ")}; then Reauthorize this connection.
        </p>
      ) : null}
      {outcome.ok && !outcome.reauthorize ? (
        <p className="mt-2">
          <Link href={`/connections/${encodeURIComponent(outcome.connectionId)}/realms/new`} className="font-medium text-brand underline">
            Create a realm
          </Link>{" "}
          through this connection, or{" "}
          <Link href={`/connections/${encodeURIComponent(outcome.connectionId)}/realms`} className="font-medium text-brand underline">
            see its realms
          </Link>
          .
        </p>
      ) : null}
      {outcome.referenceId && !outcome.message.includes(outcome.referenceId) ? <p className="mt-1 text-xs text-slate-600">Reference {outcome.referenceId}</p> : null}
    </section>
  );
}
