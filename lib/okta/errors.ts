// The errors every Okta call can end in. Messages are written for the admin in front of the screen
// and say what to do; they never carry upstream text that could hold internals, tokens or URLs, with
// one exception: Okta's errorCauses on a refusal, shown verbatim (cleaned and capped, cause-text.ts)
// because they are often the only explanation of why. Okta's request id and our reference
// id travel on the error for the audit log.
import type { OktaResource } from "./operations";
import { splitCause, validationMessage } from "./cause-text";
import { newReferenceId } from "./reference-id";

export type OktaErrorCode =
  | "insufficient_scope"
  | "unauthorized"
  | "forbidden"
  | "feature_not_enabled"
  | "not_found"
  | "validation"
  | "invalid_search"
  | "rate_limited"
  | "upstream"
  | "outcome_unknown";

export type OktaErrorContext = {
  /** Okta's X-Okta-Request-Id of the failing response, when there was one. */
  oktaRequestId?: string;
  status?: number;
  /** Okta's errorCode (E0000…), when the body had one. */
  oktaErrorCode?: string;
  /** The client operation (see operations.ts). */
  operation?: string;
};

/** What may cross to the browser (server actions return this, never the error object). */
export type PublicOktaError = {
  code: OktaErrorCode;
  message: string;
  referenceId: string;
  fieldErrors?: Record<string, string[]>;
  formErrors?: string[];
  /** Okta's errorCauses, verbatim (cleaned, capped). */
  causes?: string[];
  missingScopes?: string[];
  needsReauthorization?: boolean;
  retryAt?: string;
};

export abstract class OktaError extends Error {
  abstract readonly code: OktaErrorCode;
  readonly referenceId = newReferenceId();
  readonly oktaRequestId: string | undefined;
  readonly status: number | undefined;
  readonly oktaErrorCode: string | undefined;
  readonly operation: string | undefined;
  /** True when reauthorizing the connection is the fix. */
  readonly needsReauthorization: boolean = false;

  constructor(message: string, context: OktaErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.oktaRequestId = context.oktaRequestId;
    this.status = context.status;
    this.oktaErrorCode = context.oktaErrorCode;
    this.operation = context.operation;
  }

  /** Okta's errorCauses (cleaned), when the answer had any. */
  causes: readonly string[] = [];

  /** Keeps Okta's causes on an error whose own message is ours: appended, verbatim (cleaned). */
  withCauses(causes: readonly string[]): this {
    if (causes.length === 0) return this;
    this.causes = causes;
    this.message = `${this.message} Okta says: ${causes.join("; ")}`;
    return this;
  }

  toPublic(): PublicOktaError {
    return { code: this.code, message: this.message, referenceId: this.referenceId, ...(this.causes.length > 0 ? { causes: [...this.causes] } : {}) };
  }
}

const scopeList = (scopes: readonly string[]): string =>
  scopes.length <= 1 ? (scopes[0] ?? "a required Okta API scope") : `${scopes.slice(0, -1).join(", ")} and ${scopes.at(-1) ?? ""}`;

/** 403 with `WWW-Authenticate: Bearer … error="insufficient_scope", scope="…"`, or refused before calling. */
export class OktaInsufficientScopeError extends OktaError {
  readonly code = "insufficient_scope";
  override readonly needsReauthorization = true;
  constructor(
    readonly missingScopes: readonly string[],
    context: OktaErrorContext = {},
  ) {
    super(
      `This connection lacks ${scopeList(missingScopes)}. Grant ${missingScopes.length > 1 ? "them" : "it"} on the OAuth app's Okta API Scopes tab, then reauthorize the connection.`,
      context,
    );
  }
  override toPublic(): PublicOktaError {
    return { ...super.toPublic(), missingScopes: [...this.missingScopes], needsReauthorization: true };
  }
}

/** 401 (E0000011) even after a forced token refresh. */
export class OktaUnauthorizedError extends OktaError {
  readonly code = "unauthorized";
  override readonly needsReauthorization = true;
  constructor(context: OktaErrorContext = {}) {
    super("Okta no longer accepts this connection's authorization. Reauthorize the connection.", context);
  }
  override toPublic(): PublicOktaError {
    return { ...super.toPublic(), needsReauthorization: true };
  }
}

/** 403 E0000006: the token is fine, the Okta admin behind it lacks the role. */
export class OktaForbiddenError extends OktaError {
  readonly code = "forbidden";
  constructor(context: OktaErrorContext = {}) {
    super(
      "The Okta admin who authorized this connection isn't allowed to do this. Reauthorize the connection as a super admin (or an admin whose role covers realms and users).",
      context,
    );
  }
}

/** 401 E0000015: the org lacks the SKU (realms need OIG, Secure Partner Access or Advanced Directory Management). */
export class OktaFeatureNotEnabledError extends OktaError {
  readonly code = "feature_not_enabled";
  constructor(context: OktaErrorContext = {}) {
    super(
      "Realms aren't enabled in this Okta org. They need Okta Identity Governance, Secure Partner Access or Advanced Directory Management.",
      context,
    );
  }
}

const NOT_FOUND_MESSAGES: Record<OktaResource, string> = {
  realm: "This realm no longer exists in Okta. It may have been deleted; refresh the list.",
  "realm assignment": "This realm assignment no longer exists in Okta. It may have been deleted; refresh the list.",
  "realm assignment operation": "This realm assignment operation doesn't exist in Okta.",
  user: "This user no longer exists in Okta. It may have been deleted; refresh the list.",
  "user schema": "Okta has no such user schema.",
};

/** 404 E0000007. */
export class OktaNotFoundError extends OktaError {
  readonly code = "not_found";
  constructor(
    readonly resource: OktaResource,
    context: OktaErrorContext = {},
  ) {
    super(NOT_FOUND_MESSAGES[resource], context);
  }
}

/**
 * 400 E0000001 (and other 400/409 refusals of the admin's input, and 403 lifecycle refusals). Okta's
 * causes are kept verbatim (cleaned, capped): they are often the only explanation there is. Which
 * of them belong on a form field is decided where the form is known (lib/realms/failures.ts).
 */
export class OktaValidationError extends OktaError {
  readonly code = "validation";
  /** Field path as Okta names it (`login`, `profile.domains`, `priority`) → messages. */
  readonly fieldErrors: Record<string, string[]>;
  /** Causes that name no field. */
  readonly formErrors: string[];
  constructor(causes: readonly string[], context: OktaErrorContext = {}) {
    super(validationMessage(causes), context);
    /** Every cause, cleaned (cause-text.ts), in Okta's order. */
    this.causes = causes;
    const fieldErrors: Record<string, string[]> = {};
    const formErrors: string[] = [];
    for (const cause of causes) {
      const split = splitCause(cause);
      if (split) (fieldErrors[split.path] ??= []).push(split.message);
      else formErrors.push(cause);
    }
    this.fieldErrors = fieldErrors;
    this.formErrors = formErrors;
  }
  override toPublic(): PublicOktaError {
    return { ...super.toPublic(), fieldErrors: this.fieldErrors, formErrors: this.formErrors, causes: [...this.causes] };
  }
}

/** 400 E0000031 (bad search expression) / E0000033 (search and filter together). */
export class OktaInvalidSearchError extends OktaError {
  readonly code = "invalid_search";
  constructor(context: OktaErrorContext = {}) {
    super(
      context.oktaErrorCode === "E0000033"
        ? "Okta can't combine a search with a filter. Use one or the other."
        : 'Okta couldn\'t run this search. Check the expression, for example profile.name co "Partners".',
      context,
    );
  }
}

/** 429 that outlasted the client's waits. */
export class OktaRateLimitedError extends OktaError {
  readonly code = "rate_limited";
  constructor(
    readonly retryAt: Date | undefined,
    context: OktaErrorContext = {},
  ) {
    super(
      retryAt
        ? `Okta's rate limit for this org is used up. Try again after ${retryAt.toISOString().slice(11, 19)} UTC.`
        : "Okta's rate limit for this org is used up. Try again in a minute.",
      context,
    );
  }
  override toPublic(): PublicOktaError {
    return { ...super.toPublic(), ...(this.retryAt ? { retryAt: this.retryAt.toISOString() } : {}) };
  }
}

export type UpstreamKind =
  | "server_error"
  | "timeout"
  | "network"
  | "redirect"
  | "unexpected_response"
  | "off_origin"
  | "client_error";

/** 5xx, timeouts, network failures, redirects, responses that don't match the spec, unmapped 4xx. */
export class OktaUpstreamError extends OktaError {
  readonly code: OktaErrorCode = "upstream";
  constructor(
    readonly kind: UpstreamKind,
    context: OktaErrorContext = {},
    options?: { cause?: unknown; message?: string },
  ) {
    super(options?.message ?? "", context, options);
    // The reference id exists only after super(); the message quotes it.
    this.message = options?.message ?? `${UPSTREAM_LEAD[kind]} If it keeps happening, quote reference ${this.referenceId}.`;
  }
}

const UPSTREAM_LEAD: Record<UpstreamKind, string> = {
  server_error: "Okta had a problem handling the request. Try again in a moment.",
  timeout: "Okta didn't answer in time. Try again in a moment.",
  network: "Couldn't reach Okta. Check the connection's domain and the network, then try again.",
  redirect: "Okta answered with a redirect, which this app doesn't follow. Check the connection's domain.",
  unexpected_response: "Okta's answer wasn't in the expected format.",
  off_origin: "Okta pointed to a different server, which this app refuses to contact.",
  client_error: "Okta refused the request.",
};

/**
 * A create or other non-repeatable call failed in a way (5xx, timeout, dropped connection) that
 * doesn't tell whether Okta applied it. Not retried: a retry could create the realm or user twice.
 */
export class OktaOutcomeUnknownError extends OktaUpstreamError {
  override readonly code = "outcome_unknown";
  constructor(kind: UpstreamKind, context: OktaErrorContext = {}, options?: { cause?: unknown }) {
    super(kind, context, { ...options, message: "" });
    this.message = `Okta didn't confirm the change; it may or may not have been made. Check in Okta (or refresh) before trying again, so it isn't done twice. Reference ${this.referenceId}.`;
  }
}

export const isOktaError = (e: unknown): e is OktaError => e instanceof OktaError;
