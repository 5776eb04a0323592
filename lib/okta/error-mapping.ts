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

// "login: An object with this field already exists…", "profile.domains: …", "domains[0]: …".
const FIELD_CAUSE = /^\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\d+\])*)\s*:\s+([\s\S]+)$/;

/** Splits E0000001 causes into per-field messages and the rest. */
export function mapErrorCauses(causes: readonly { errorSummary?: string }[]): {
  fieldErrors: Record<string, string[]>;
  formErrors: string[];
} {
  const fieldErrors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  for (const cause of causes) {
    const summary = cause.errorSummary?.trim();
    if (!summary) continue;
    const match = FIELD_CAUSE.exec(summary);
    const field = match?.[1];
    const message = match?.[2]?.trim();
    if (field !== undefined && message !== undefined) (fieldErrors[field] ??= []).push(message);
    else formErrors.push(summary);
  }
  return { fieldErrors, formErrors };
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
      return new OktaValidationError({}, [body.errorSummary], context);
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
    const { fieldErrors, formErrors } = mapErrorCauses(body?.errorCauses ?? []);
    // Other 400/409 refusals may have no causes, only a summary about the admin's input or the
    // object's state.
    if (Object.keys(fieldErrors).length === 0 && formErrors.length === 0 && body?.errorCode !== "E0000001" && body?.errorSummary) {
      formErrors.push(body.errorSummary);
    }
    return new OktaValidationError(fieldErrors, formErrors, context);
  }
  if (r.status >= 500) return new OktaUpstreamError("server_error", context);
  return new OktaUpstreamError("client_error", context);
}
