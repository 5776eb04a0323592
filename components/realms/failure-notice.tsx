import Link from "next/link";
import type { RealmFailure } from "@/lib/realms/outcome";
import { cn } from "@/components/ui/cn";

const TITLES: Partial<Record<RealmFailure["code"], string>> = {
  insufficient_scope: "Insufficient Scope",
  not_found: "Not found",
  connection_not_ready: "Connection needs attention",
  connection_not_found: "Connection not found",
  role_forbidden: "Not allowed for your role",
  rate_limited: "Rate limit reached",
};

/**
 * A failed realm operation as the admin should see it: what happened (with Okta's own causes, which
 * the message quotes verbatim; React escapes them), the missing scopes with the
 * fix and a Reauthorize button when that is the cure, and the reference id for the audit log.
 */
export function FailureNotice({ failure, className, id }: { failure: RealmFailure; className?: string; id?: string }) {
  const title = TITLES[failure.code];
  return (
    <div id={id} role="alert" className={cn("rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-900", className)} data-failure-code={failure.code}>
      {title ? <p className="font-semibold">{title}</p> : null}
      <p className={title ? "mt-1" : undefined}>{failure.message}</p>
      {failure.missingScopes && failure.missingScopes.length > 0 ? (
        <p className="mt-2">
          Missing scope{failure.missingScopes.length > 1 ? "s" : ""}:{" "}
          {failure.missingScopes.map((s) => (
            <code key={s} className="mr-1 rounded bg-red-100 px-1">
              {s}
            </code>
          ))}
          — an Okta super admin grants {failure.missingScopes.length > 1 ? "them" : "it"} on the Okta Workflows OAuth app&apos;s Okta API Scopes tab.
        </p>
      ) : null}
      {failure.reauthorizeHref ? (
        <Link href={failure.reauthorizeHref} className="mt-3 inline-flex rounded-md bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800">
          Reauthorize
        </Link>
      ) : null}
      {failure.referenceId ? <p className="mt-2 text-xs text-red-800">Reference {failure.referenceId}</p> : null}
    </div>
  );
}
