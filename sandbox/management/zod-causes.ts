import type { z } from "zod";
import { OktaError } from "../http/okta-error";

/** Parses with zod; failures become E0000001 with one cause per issue, as Okta reports them. */
export function parseOrReject<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new OktaError(
    "E0000001",
    what,
    r.error.issues.map((i) => `${i.path.join(".") || what}: ${i.message}`),
  );
}
