import type { Availability } from "@/lib/realms/catalog";
import { reauthorizeHref } from "@/lib/realms/outcome";
import { FailureNotice } from "./failure-notice";

/**
 * Why an operation is disabled, tied to its control with aria-describedby. A missing scope is shown
 * as the Insufficient Scope error (the scope, who grants it, Reauthorize) when the connection is known.
 */
export function UnavailableNote({ id, availability, connectionId }: { id: string; availability: Availability; connectionId?: string }) {
  if (availability.allowed) return null;
  if (connectionId && availability.missingScopes.length > 0) {
    const scopes = availability.missingScopes;
    return (
      <FailureNotice
        id={id}
        className="my-3"
        failure={{
          code: "insufficient_scope",
          message: `This connection lacks ${scopes.join(", ")}. Grant ${scopes.length > 1 ? "them" : "it"} on the OAuth app's Okta API Scopes tab, then reauthorize the connection.`,
          missingScopes: scopes,
          reauthorizeHref: reauthorizeHref(connectionId),
        }}
      />
    );
  }
  return (
    <p id={id} className="text-xs text-amber-800">
      {availability.reason}
    </p>
  );
}

export const describedByIf = (availability: Availability, id: string): string | undefined => (availability.allowed ? undefined : id);
