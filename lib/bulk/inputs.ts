// The bulk-move page's inputs (zod). Pure, so the form can share them.
import { z } from "zod";
import { multiLine, singleLine } from "@/lib/validation/text";
import { ITEM_FILTER_NAMES } from "./item-filter";

const id = singleLine(z.string().trim().min(1).max(200));

export const previewBulkMoveInput = z
  .object({
    connectionId: id,
    targetRealmId: singleLine(z.string().trim().min(1, "Choose the target realm.").max(200)),
    source: z.enum(["csv", "search", "realm"]),
    csv: multiLine(z.string().max(5_000_000)).optional(),
    fileName: singleLine(z.string().max(200)).optional(),
    search: singleLine(z.string().trim().max(2_000)).optional(),
    sourceRealmId: singleLine(z.string().trim().max(200)).optional(),
    maxApiCapacity: z.coerce.number().int().min(10).max(100).default(90),
  })
  .superRefine((v, ctx) => {
    if (v.source === "csv" && !v.csv?.trim()) ctx.addIssue({ code: "custom", path: ["csv"], message: "Paste or upload a CSV of logins or user ids." });
    if (v.source === "search" && !v.search) ctx.addIssue({ code: "custom", path: ["search"], message: "Enter an Okta search expression, e.g. profile.department eq \"Sales\"." });
    if (v.source === "realm" && !v.sourceRealmId) ctx.addIssue({ code: "custom", path: ["sourceRealmId"], message: "Choose the realm whose users should move." });
  });

export const bulkJobInput = z.object({ connectionId: id, jobId: id });

/** One page of a job's items: a state filter and the keyset (the last position the previous page showed). */
export const bulkItemsInput = bulkJobInput.extend({
  state: z.enum(ITEM_FILTER_NAMES).default("all"),
  after: z.coerce.number().int().min(0).max(2_147_483_647).default(0),
});
