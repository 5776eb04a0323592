import "server-only";
import { ConnectionError } from "@/lib/connections";
import { isOktaError } from "@/lib/okta/errors";
import { newReferenceId as newReferenceIdForApp } from "@/lib/okta/reference-id";
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
 * Any error of a realm operation → what the admin sees. Okta errors already carry safe messages
 * (toPublic); anything unexpected becomes a short message with a reference id, never its text.
 */
export function toFailure(error: unknown, connectionId: string): MappedFailure {
  if (error instanceof RealmRuleError) {
    return { failure: { code: "validation", message: error.message, fieldErrors: error.fieldErrors, referenceId: newReferenceIdForApp() } };
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
