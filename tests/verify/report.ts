// How a suite hands its figures to `npm run verify` (scripts/verify.ts). A suite is a vitest file
// named `*.verify.int.test.ts` / `*.verify.unit.test.ts`, a Playwright spec named `*.verify.spec.ts`,
// or a bench script that verify runs. Each calls `reportFigures` once per file (usually in afterAll);
// the figures land as JSON in $VERIFY_OUT_DIR and verify sums them into its table and last line.
// Outside verify (plain `npm test`) VERIFY_OUT_DIR is unset and this does nothing: the suites still
// assert, so `npm test` proves the behaviour and verify only counts it.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Counters verify sums across suites. Report only what the suite measured. */
export type VerifyCounts = {
  /** Generated inputs sent to a form/server action/route. */
  inputs?: number;
  /** Responses that were a 5xx, an INTERNAL result or an unhandled throw. */
  server_errors?: number;
  /** Attacks tried (OAuth, SSRF, web) and how many were refused. */
  attacks?: number;
  attacks_rejected?: number;
  /** Outbound connections/requests observed to hosts that must never be contacted. */
  disallowed_requests?: number;
  /** Secrets found where they must not be (HTML, RSC, JSON, logs, errors, client bundles). */
  leaks?: number;
  /** Faults injected and how many the app came through (nothing lost, state recovered). */
  faults?: number;
  faults_survived?: number;
  /** Writes that should exist and don't / writes applied more than once. */
  lost?: number;
  duplicates?: number;
  /** Operability checks run (logs, metrics, connection check, backup, upgrade, SIGTERM) and how many held. */
  operability_checks?: number;
  operability_passed?: number;
};

/** Ratios and other figures a bench measured (the last line's page_ratio_* and action_overhead). */
export type VerifyMetrics = {
  page_ratio_connections?: number;
  page_ratio_users?: number;
  action_overhead?: number;
};

export type VerifyReport = {
  /** Table section, e.g. "hostile input", "ssrf", "oauth attacks", "web security", "faults", "scale". */
  suite: string;
  counts?: VerifyCounts;
  metrics?: VerifyMetrics;
  /** Extra table lines: [label, value], e.g. ["connections page, 10 vs 1,000", "41 ms vs 48 ms (1.17x)"]. */
  rows?: [string, string][];
};

let sequence = 0;

export function reportFigures(report: VerifyReport): void {
  const dir = process.env.VERIFY_OUT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const slug = report.suite.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const file = path.join(dir, `${slug}-${process.pid}-${Date.now()}-${sequence++}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
}
