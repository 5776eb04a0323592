import type { AuthorizationOutcome } from "@/lib/connections/authorize/outcome";
import { cn } from "@/components/ui/cn";

/** The result of the last authorization round trip: what Okta granted compared with what was asked. */
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
      {outcome.grantedScopes.length > 0 || missing.length > 0 ? (
        <table className="mt-3 text-left text-xs" aria-label="Requested and granted scopes">
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
      ) : null}
      {missing.length > 0 ? (
        <p className="mt-2 text-xs">
          Fix: in the Okta Admin Console, open the OAuth app → <strong>Okta API Scopes</strong> tab → Grant {missing.join(", ")}; then Reauthorize this connection.
        </p>
      ) : null}
      {outcome.referenceId && !outcome.message.includes(outcome.referenceId) ? <p className="mt-1 text-xs text-slate-600">Reference {outcome.referenceId}</p> : null}
    </section>
  );
}
