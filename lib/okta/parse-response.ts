// Success bodies are checked against the shapes in schemas.ts. A mismatch is reported as an
// unexpected answer; the cause keeps only paths and messages, never the values (user data).
import type { z } from "zod";
import { OktaUpstreamError } from "./errors";
import type { OktaOperation } from "./operations";
import type { RawResponse } from "./transport";

export function parseJsonResponse<S extends z.ZodType>(response: RawResponse, schema: S, operation: OktaOperation): z.output<S> {
  const context = { operation, oktaRequestId: response.oktaRequestId, status: response.status };
  let json: unknown;
  try {
    json = JSON.parse(response.bodyText);
  } catch {
    throw new OktaUpstreamError("unexpected_response", context, { cause: new Error("response body is not JSON") });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    throw new OktaUpstreamError("unexpected_response", context, { cause: new Error(`response does not match: ${where}`) });
  }
  return parsed.data;
}
