// Per-user results of a bulk job as CSV (RFC 4180), safe to open in a spreadsheet: cells starting
// with = + - @ (formula prefixes) are neutralised by lib/realms/csv.ts's csvCell. Pure.
import { csvRow } from "@/lib/realms/csv";
import type { BulkItemRow } from "./types";

export const RESULTS_CSV_HEADER = ["row", "input", "userId", "login", "email", "fromRealmId", "result", "attempts", "message", "oktaRequestId", "at"] as const;

export function resultsCsvHeader(): string {
  return csvRow(RESULTS_CSV_HEADER);
}

export function resultCsvRow(item: BulkItemRow): string {
  return csvRow([item.seq, item.input, item.userId, item.login, item.email, item.fromRealmId, item.status, item.attempts, item.message, item.oktaRequestId, item.changedAt.toISOString()]);
}
