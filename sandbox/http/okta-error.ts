import { errorId } from "../org/ids";

// Okta's error object ({errorCode, errorSummary, errorLink, errorId, errorCauses}) with the HTTP
// status each code uses (developer.okta.com/docs/reference/error-codes).

export const ERROR_CODES = {
  E0000001: { status: 400, summary: "Api validation failed: {0}" },
  E0000003: { status: 400, summary: "The request body was not well-formed." },
  E0000006: { status: 403, summary: "You do not have permission to perform the requested action" },
  E0000007: { status: 404, summary: "Not found: {0}" },
  E0000009: { status: 500, summary: "Internal Server Error" },
  E0000011: { status: 401, summary: "Invalid token provided" },
  E0000016: { status: 403, summary: "Activation failed because the user is already active" },
  E0000021: { status: 400, summary: "Bad request.  Accept and/or Content-Type headers likely do not match supported values." },
  E0000022: { status: 405, summary: "The endpoint does not support the provided HTTP method" },
  E0000029: { status: 400, summary: "Invalid paging request." },
  E0000031: { status: 400, summary: "Invalid search criteria." },
  E0000033: { status: 400, summary: "Bad request. Can't specify a search query and filter in the same request." },
  E0000037: { status: 400, summary: "Type mismatch exception." },
  E0000038: { status: 403, summary: "This operation is not allowed in the user's current status." },
  E0000047: { status: 429, summary: "API call exceeded rate limit due to too many requests." },
} as const;

export type OktaErrorCode = keyof typeof ERROR_CODES;

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

/** Thrown by handlers; the server turns it into the Okta error response. */
export class OktaError extends Error {
  readonly status: number;
  constructor(
    readonly code: OktaErrorCode,
    readonly detail?: string,
    readonly causes: string[] = [],
    readonly headers: Record<string, string> = {},
    status?: number,
  ) {
    const summary: string = ERROR_CODES[code].summary;
    super(detail !== undefined ? summary.replace("{0}", detail) : summary.replace(/:? ?\{0\}/, ""));
    this.status = status ?? ERROR_CODES[code].status;
  }

  body(): OktaErrorBody {
    return {
      errorCode: this.code,
      errorSummary: this.message,
      errorLink: this.code,
      errorId: errorId(),
      errorCauses: this.causes.map((errorSummary) => ({ errorSummary })),
    };
  }
}
