/**
 * Why a connection operation or an access token is not available. `message` is safe to show to a
 * signed-in team member: it never contains secrets or raw token-endpoint bodies.
 */
export type ConnectionErrorCode =
  | "NOT_FOUND"
  /** Not authorized yet (status PENDING, no token set). */
  | "NOT_AUTHORIZED"
  /** The refresh token is dead (or the client is rejected): someone must reauthorize. */
  | "NEEDS_REAUTH"
  /** A refresh failed for a reason that may pass (network, 5xx, timeout); status is DEGRADED. */
  | "REFRESH_FAILED"
  /** Nickname taken (unique). */
  | "NICKNAME_TAKEN"
  /** The row changed since the caller read it (optimistic check failed). */
  | "CONFLICT";

export class ConnectionError extends Error {
  constructor(
    readonly code: ConnectionErrorCode,
    message: string,
    readonly connectionId?: string,
  ) {
    super(message);
    this.name = "ConnectionError";
  }
}
