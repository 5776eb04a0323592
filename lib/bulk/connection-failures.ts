// What a bulk job or preview does when the connection's access token isn't available (a
// ConnectionError from lib/connections, raised by the Okta transport when it fetches the token).
import { ConnectionError } from "@/lib/connections";

export const REAUTHORIZE_THEN_RESUME = "Reauthorize the connection, then resume.";

/** Fatal for the whole job: no retry fixes it, an admin must act. The message says what to do. */
export function connectionFatalMessage(error: unknown): string | null {
  if (!(error instanceof ConnectionError)) return null;
  switch (error.code) {
    case "NEEDS_REAUTH":
      return `Okta no longer accepts this connection's authorization (${error.message}). ${REAUTHORIZE_THEN_RESUME}`;
    case "NOT_AUTHORIZED":
      return `This connection has no authorization to use. ${REAUTHORIZE_THEN_RESUME}`;
    case "NOT_FOUND":
      return "The job's connection no longer exists; cancel the job.";
    default:
      return null;
  }
}

/** Transient: refreshing the access token failed for a reason that may pass (network, 5xx, a lease timeout). */
export function isTransientConnectionError(error: unknown): error is ConnectionError {
  return error instanceof ConnectionError && error.code === "REFRESH_FAILED";
}

/** For the preview (interactive): a readable refusal instead of an internal error. */
export function connectionRefusalMessage(error: unknown): string | null {
  if (isTransientConnectionError(error)) {
    return "Couldn't refresh this connection's access to Okta just now. Try again in a moment; if it keeps failing, reauthorize the connection.";
  }
  if (error instanceof ConnectionError && (error.code === "NEEDS_REAUTH" || error.code === "NOT_AUTHORIZED")) {
    return "This connection needs to be reauthorized before it can be used. Reauthorize it, then preview again.";
  }
  if (error instanceof ConnectionError && error.code === "NOT_FOUND") return "This connection no longer exists.";
  return null;
}
