// What a realm operation returns to the browser: the value, or a failure the admin can act on.
// Pure (no server-only) so client components share the types and the helpers below.
import type { OktaErrorCode } from "@/lib/okta/errors";

export type RealmFailureCode =
  | OktaErrorCode
  | "connection_not_found"
  | "connection_not_ready"
  | "invalid_input"
  | "role_forbidden"
  | "signed_out"
  | "internal";

export type RealmFailure = {
  code: RealmFailureCode;
  message: string;
  /** Ties what the admin saw to the audit log entry. */
  referenceId?: string;
  /** Form field name → messages (E0000001 causes, or our own checks before sending). */
  fieldErrors?: Record<string, string[]>;
  formErrors?: string[];
  missingScopes?: string[];
  /** Where to reauthorize the connection, when that is the fix. */
  reauthorizeHref?: string;
  retryAt?: string;
};

export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: RealmFailure };

/** The connections page opens its reauthorize flow for this id (agreed with the connections work). */
export function reauthorizeHref(connectionId: string): string {
  return `/connections?reauthorize=${encodeURIComponent(connectionId)}`;
}

type GuardError = { code: string; message: string; fieldErrors?: Record<string, string[]> };
type GuardResult<T> = { ok: true; data: Outcome<T> } | { ok: false; error: GuardError };

const GUARD_CODES: Record<string, RealmFailureCode> = {
  UNAUTHENTICATED: "signed_out",
  FORBIDDEN: "role_forbidden",
  INVALID_INPUT: "invalid_input",
  NOT_FOUND: "not_found",
};

/** One shape for the UI: a guard refusal (role, session, input) reads like any other failure. */
export function fromActionResult<T>(result: GuardResult<T>): Outcome<T> {
  if (result.ok) return result.data;
  return {
    ok: false,
    failure: {
      code: GUARD_CODES[result.error.code] ?? "internal",
      message: result.error.message,
      ...(result.error.fieldErrors ? { fieldErrors: result.error.fieldErrors } : {}),
    },
  };
}
