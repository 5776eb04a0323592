import { OrgNotFoundError, OrgValidationError } from "../org/errors";
import { OktaError } from "../http/okta-error";
import { SearchError } from "./search-expression";

/** Runs store code and turns its failures into Okta error responses. */
export function orgCall<T>(fn: () => T, what = "the request"): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof OrgValidationError) {
      if (e.code === "E0000001") throw new OktaError("E0000001", what, e.causes);
      throw new OktaError(e.code, undefined, e.causes);
    }
    if (e instanceof OrgNotFoundError) throw new OktaError("E0000007", e.what);
    if (e instanceof SearchError) throw new OktaError("E0000031", undefined, [e.message]);
    throw e;
  }
}
