import "server-only";
import { ConnectionError } from "@/lib/connections";
import { splitCause, validationMessage } from "@/lib/okta/cause-text";
import { isOktaError, OktaValidationError } from "@/lib/okta/errors";
import { newReferenceId as newReferenceIdForApp } from "@/lib/okta/reference-id";
import { noFields, type FieldOf } from "./cause-fields";
import { reauthorizeHref, type RealmFailure } from "./outcome";

/** A check of our own that fails before Okta is called (domain rule, form values against the schema). */
export class RealmRuleError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = "RealmRuleError";
  }
}

export type MappedFailure = { failure: RealmFailure; oktaRequestId?: string; internal?: unknown };

/**
 * Okta's causes on the form that was sent: a cause naming one of its controls goes on that control,
 * every other cause stays in the form-level message, verbatim.
 */
function onForm(error: OktaValidationError, fieldOf: FieldOf): RealmFailure {
  const fieldErrors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  for (const cause of error.causes) {
    const split = splitCause(cause);
    const field = split ? fieldOf(split.path) : undefined;
    if (split && field) (fieldErrors[field] ??= []).push(split.message);
    else formErrors.push(cause);
  }
  const marked = Object.keys(fieldErrors).length > 0;
  // Okta's own path-keyed fieldErrors are replaced by the form's (absent when no cause is on a control).
  const { fieldErrors: _byOktaPath, ...pub } = error.toPublic();
  void _byOktaPath;
  return { ...pub, message: validationMessage(formErrors, marked), formErrors, ...(marked ? { fieldErrors } : {}) };
}

/**
 * Any error of a realm operation → what the admin sees. Okta errors already carry safe messages
 * (toPublic); anything unexpected becomes a short message with a reference id, never its text.
 */
export function toFailure(error: unknown, connectionId: string, fieldOf: FieldOf = noFields): MappedFailure {
  if (error instanceof RealmRuleError) {
    return { failure: { code: "validation", message: error.message, fieldErrors: error.fieldErrors, referenceId: newReferenceIdForApp() } };
  }
  if (error instanceof OktaValidationError) {
    return { failure: onForm(error, fieldOf), ...(error.oktaRequestId ? { oktaRequestId: error.oktaRequestId } : {}) };
  }
  if (isOktaError(error)) {
    const pub = error.toPublic();
    return {
      failure: { ...pub, ...(error.needsReauthorization ? { reauthorizeHref: reauthorizeHref(connectionId) } : {}) },
      ...(error.oktaRequestId ? { oktaRequestId: error.oktaRequestId } : {}),
    };
  }
  if (error instanceof ConnectionError) {
    if (error.code === "NOT_FOUND") {
      return { failure: { code: "connection_not_found", message: "This connection no longer exists.", referenceId: newReferenceIdForApp() } };
    }
    const message =
      error.code === "REFRESH_FAILED"
        ? "Couldn't refresh this connection's access to Okta just now. Try again in a moment; if it keeps failing, reauthorize the connection."
        : error.code === "NOT_AUTHORIZED"
          ? "This connection hasn't been authorized yet. Authorize it first."
          : "This connection needs to be reauthorized before it can be used.";
    return { failure: { code: "connection_not_ready", message, referenceId: newReferenceIdForApp(), reauthorizeHref: reauthorizeHref(connectionId) } };
  }
  const referenceId = newReferenceIdForApp();
  return { failure: { code: "internal", message: `Something went wrong. Quote reference ${referenceId} if it keeps happening.`, referenceId }, internal: error };
}
