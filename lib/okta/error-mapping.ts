// Okta error responses → OktaError. Branches on the HTTP status, Okta's errorCode and the
// WWW-Authenticate header only: errorSummary wording is documented as changeable.
import { z } from "zod";
import {
  type OktaError,
  type OktaErrorContext,
  OktaFeatureNotEnabledError,
  OktaForbiddenError,
  OktaInsufficientScopeError,
  OktaInvalidSearchError,
  OktaNotFoundError,
  OktaUnauthorizedError,
  OktaUpstreamError,
  OktaValidationError,
} from "./errors";
import type { OktaResource } from "./operations";
import { cleanCauses } from "./cause-text";
import { insufficientScopeFrom } from "./www-authenticate";

const oktaErrorBody = z.looseObject({
  errorCode: z.string().optional(),
  errorSummary: z.string().optional(),
  errorId: z.string().optional(),
  errorCauses: z.array(z.looseObject({ errorSummary: z.string().optional() })).optional(),
});

export type OktaErrorBody = z.infer<typeof oktaErrorBody>;

export function parseErrorBody(text: string): OktaErrorBody | undefined {
  if (text.trim() === "") return undefined;
  try {
    const parsed = oktaErrorBody.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Okta's causes as they may be shown (cleaned, capped); a refusal with none falls back to its summary. */
export function causesOf(body: OktaErrorBody | undefined, withSummary: boolean): string[] {
  const causes = cleanCauses((body?.errorCauses ?? []).map((c) => c.errorSummary));
  return causes.length === 0 && withSummary && body?.errorSummary ? cleanCauses([body.errorSummary]) : causes;
}

/** Splits E0000001 causes into per-field messages (by Okta's path) and the rest. */
export function mapErrorCauses(causes: readonly { errorSummary?: string }[]): {
  fieldErrors: Record<string, string[]>;
  formErrors: string[];
} {
  const error = new OktaValidationError(cleanCauses(causes.map((c) => c.errorSummary)));
  return { fieldErrors: error.fieldErrors, formErrors: error.formErrors };
}

export type ErrorResponse = {
  status: number;
  headers: Headers;
  bodyText: string;
  resource: OktaResource;
  /** The operation's scopes per the spec: named when Okta's challenge leaves `scope` out. */
  operationScopes?: readonly string[];
  context: OktaErrorContext;
};

/** Maps a non-2xx, non-429 response (after the 401 refresh and any retries) to an OktaError. */
export function mapErrorResponse(r: ErrorResponse): OktaError {
  const error = errorFor(r);
  if (r.status >= 500 || error instanceof OktaValidationError) return error;
  // Whatever the error, Okta's own causes stay with it ("never drop Okta's error causes").
  return error.withCauses(causesOf(parseErrorBody(r.bodyText), false));
}

function errorFor(r: ErrorResponse): OktaError {
  const body = parseErrorBody(r.bodyText);
  const context: OktaErrorContext = { ...r.context, status: r.status, oktaErrorCode: body?.errorCode };

  if (r.status === 403) {
    const scope = insufficientScopeFrom(r.headers.get("www-authenticate"));
    if (scope) {
      const scopes = scope.scopes.length > 0 ? scope.scopes : [...(r.operationScopes ?? [])];
      return new OktaInsufficientScopeError(scopes, context);
    }
    // Lifecycle refusals (E0000016 already active, E0000038 wrong status) are 403s about the object's
    // state, not the admin's role; their summary is what the admin needs to read.
    if (body?.errorCode !== undefined && body.errorCode !== "E0000006" && body.errorSummary) {
      return new OktaValidationError(causesOf(body, true), context);
    }
    return new OktaForbiddenError(context);
  }
  if (r.status === 401) {
    if (body?.errorCode === "E0000015") return new OktaFeatureNotEnabledError(context);
    return new OktaUnauthorizedError(context);
  }
  if (r.status === 404) return new OktaNotFoundError(r.resource, context);
  if (body?.errorCode === "E0000031" || body?.errorCode === "E0000033") return new OktaInvalidSearchError(context);
  if (r.status === 400 || r.status === 409) {
    if (body?.errorCode === "E0000003") {
      // A malformed body is this app's bug, not the admin's input.
      return new OktaUpstreamError("client_error", context);
    }
    // E0000001's own summary ("Api validation failed: realm") adds nothing to its causes, but is
    // better than nothing; other 400/409 refusals may carry only a summary about the object's state.
    return new OktaValidationError(causesOf(body, true), context);
  }
  if (r.status >= 500) return new OktaUpstreamError("server_error", context);
  return new OktaUpstreamError("client_error", context);
}
