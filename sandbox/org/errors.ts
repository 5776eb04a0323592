// Failures the org store reports; the Management API maps them onto Okta's error objects.

/**
 * A precondition failed. Okta reports most as E0000001 "Api validation failed" with one cause per
 * problem; lifecycle refusals use their own codes (E0000016 already active, E0000038 wrong status).
 */
export class OrgValidationError extends Error {
  constructor(
    readonly causes: string[],
    readonly code: "E0000001" | "E0000016" | "E0000038" = "E0000001",
  ) {
    super(causes.join("; "));
  }
}

/** The object does not exist (Okta E0000007). */
export class OrgNotFoundError extends Error {
  constructor(readonly what: string) {
    super(`Not found: ${what}`);
  }
}
