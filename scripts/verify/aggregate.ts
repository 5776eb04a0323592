// Reads the suites' reports (tests/verify/report.ts) and sums them into verify's table, its verdict
// and its last line.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { VerifyCounts, VerifyMetrics, VerifyReport } from "../../tests/verify/report";

// Looser than VerifyReport on purpose: a file is only known to be JSON; unknown keys are skipped when summing.
const reportSchema = z.object({
  suite: z.string(),
  counts: z.record(z.string(), z.number()).optional(),
  metrics: z.record(z.string(), z.number()).optional(),
  rows: z.array(z.tuple([z.string(), z.string()])).optional(),
});

export type LoadedReport = z.infer<typeof reportSchema>;
export type StepResult = { label: string; ok: boolean; seconds: number };

type CountKey = keyof VerifyCounts;
type MetricKey = keyof VerifyMetrics;

const COUNT_KEYS = [
  "inputs",
  "server_errors",
  "attacks",
  "attacks_rejected",
  "disallowed_requests",
  "leaks",
  "faults",
  "faults_survived",
  "lost",
  "duplicates",
  "operability_checks",
  "operability_passed",
] as const satisfies readonly CountKey[];
const METRIC_KEYS = ["page_ratio_connections", "page_ratio_users", "action_overhead"] as const satisfies readonly MetricKey[];

/** The targets: a larger org may cost at most 1.5x per page; an action at most 1.2x a direct call. */
export const TARGETS: Record<MetricKey, number> = { page_ratio_connections: 1.5, page_ratio_users: 1.5, action_overhead: 1.2 };

export type SuiteTotals = { suite: string; files: number; counts: Record<CountKey, number>; rows: [string, string][] };
export type Totals = { suites: SuiteTotals[]; counts: Record<CountKey, number>; metrics: Partial<Record<MetricKey, number>> };

const zeroCounts = (): Record<CountKey, number> => Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Record<CountKey, number>;

function isCountKey(key: string): key is CountKey {
  return (COUNT_KEYS as readonly string[]).includes(key);
}
function isMetricKey(key: string): key is MetricKey {
  return (METRIC_KEYS as readonly string[]).includes(key);
}

/** The reports in `dir` (VERIFY_OUT_DIR), in file-name order; a file that is not a report is named and skipped. */
export function loadReports(dir: string): LoadedReport[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) => {
      const parsed = reportSchema.safeParse(JSON.parse(readFileSync(path.join(dir, f), "utf8")));
      if (parsed.success) return [parsed.data];
      console.error(`verify: ignoring ${f}: not a report (${parsed.error.issues[0]?.message ?? "invalid"})`);
      return [];
    });
}

export function aggregateReports(reports: readonly (LoadedReport | VerifyReport)[]): Totals {
  const bySuite = new Map<string, SuiteTotals>();
  const counts = zeroCounts();
  const metrics: Partial<Record<MetricKey, number>> = {};
  for (const report of reports) {
    const suite = bySuite.get(report.suite) ?? { suite: report.suite, files: 0, counts: zeroCounts(), rows: [] };
    bySuite.set(report.suite, suite);
    suite.files += 1;
    for (const [key, value] of Object.entries(report.counts ?? {})) {
      if (!isCountKey(key) || typeof value !== "number" || !Number.isFinite(value)) continue;
      suite.counts[key] += value;
      counts[key] += value;
    }
    for (const [key, value] of Object.entries(report.metrics ?? {})) {
      // A ratio reported twice (two runs of a bench) keeps the worse one.
      if (isMetricKey(key) && typeof value === "number" && Number.isFinite(value)) metrics[key] = Math.max(metrics[key] ?? 0, value);
    }
    suite.rows.push(...(report.rows ?? []));
  }
  return { suites: [...bySuite.values()], counts, metrics };
}

const ratio = (value: number | undefined) => (value === undefined ? "n/a" : value.toFixed(2));

/** Everything that makes verify fail, as sentences. */
export function verdict(totals: Totals, steps: readonly StepResult[], options: { benches: boolean }): string[] {
  const problems: string[] = [];
  for (const step of steps) if (!step.ok) problems.push(`${step.label} failed`);
  const c = totals.counts;
  for (const key of ["server_errors", "disallowed_requests", "leaks", "lost", "duplicates"] as const) {
    if (c[key] > 0) problems.push(`${key}=${c[key]} (must be 0)`);
  }
  if (c.attacks_rejected < c.attacks) problems.push(`only ${c.attacks_rejected} of ${c.attacks} attacks were rejected`);
  if (c.faults_survived < c.faults) problems.push(`only ${c.faults_survived} of ${c.faults} faults were survived`);
  if (c.inputs === 0) problems.push("no hostile inputs were tried");
  if (c.operability_checks === 0) problems.push("the operability suite reported nothing");
  else if (c.operability_passed < c.operability_checks) problems.push(`only ${c.operability_passed} of ${c.operability_checks} operability checks held`);
  if (options.benches) {
    for (const key of METRIC_KEYS) {
      const value = totals.metrics[key];
      if (value === undefined) problems.push(`${key} was not measured`);
      else if (value > TARGETS[key]) problems.push(`${key}=${value.toFixed(2)} is above the target ${TARGETS[key]}`);
    }
  }
  return problems;
}

/** "ok" when the operability suite ran and every one of its checks held. */
export function operability(counts: Record<CountKey, number>): "ok" | "failed" {
  return counts.operability_checks > 0 && counts.operability_passed === counts.operability_checks ? "ok" : "failed";
}

export function verifyLine(totals: Totals): string {
  const c = totals.counts;
  const m = totals.metrics;
  return [
    "verify:",
    `inputs=${c.inputs}`,
    `server_errors=${c.server_errors}`,
    `attacks_rejected=${c.attacks_rejected}/${c.attacks}`,
    `disallowed_requests=${c.disallowed_requests}`,
    `leaks=${c.leaks}`,
    `lost=${c.lost}`,
    `duplicates=${c.duplicates}`,
    `page_ratio_connections=${ratio(m.page_ratio_connections)}`,
    `page_ratio_users=${ratio(m.page_ratio_users)}`,
    `action_overhead=${ratio(m.action_overhead)}`,
    `operability=${operability(c)}`,
  ].join(" ");
}

function summary(counts: Record<CountKey, number>): string {
  const parts: string[] = [];
  if (counts.inputs > 0) parts.push(`${counts.inputs} inputs, ${counts.server_errors} server errors`);
  else if (counts.server_errors > 0) parts.push(`${counts.server_errors} server errors`);
  if (counts.attacks > 0) parts.push(`${counts.attacks_rejected}/${counts.attacks} attacks rejected`);
  if (counts.disallowed_requests > 0 || counts.attacks > 0) parts.push(`${counts.disallowed_requests} disallowed requests`);
  if (counts.faults > 0) parts.push(`${counts.faults_survived}/${counts.faults} faults survived`);
  if (counts.faults > 0 || counts.lost > 0 || counts.duplicates > 0) parts.push(`${counts.lost} lost, ${counts.duplicates} duplicates`);
  if (counts.operability_checks > 0) parts.push(`${counts.operability_passed}/${counts.operability_checks} operability checks held`);
  parts.push(`${counts.leaks} leaks`);
  return parts.join("; ");
}

/** A plain-text table: one block per suite (its totals, then the rows it reported), then the targets. */
export function formatVerifyTable(totals: Totals, steps: readonly StepResult[]): string {
  const lines: [string, string, string][] = [];
  for (const suite of totals.suites) {
    lines.push([suite.suite, "totals", summary(suite.counts)]);
    for (const [label, value] of suite.rows) lines.push(["", label, value]);
  }
  for (const key of METRIC_KEYS) {
    const value = totals.metrics[key];
    lines.push(["targets", key, `${ratio(value)} (target <= ${TARGETS[key]})${value !== undefined && value > TARGETS[key] ? "  MISSED" : ""}`]);
  }
  for (const step of steps) lines.push(["steps", step.label, `${step.ok ? "ok" : "FAILED"} in ${step.seconds.toFixed(0)} s`]);
  lines.push(["all", "totals", summary(totals.counts)]);

  const widths = [0, 1].map((i) => Math.max(...lines.map((l) => l[i]?.length ?? 0)));
  const [w0 = 0, w1 = 0] = widths;
  const rule = `+${"-".repeat(w0 + 2)}+${"-".repeat(w1 + 2)}+${"-".repeat(60)}`;
  const out = [rule, `| ${"suite".padEnd(w0)} | ${"measure".padEnd(w1)} | figure`, rule];
  let previous = "";
  for (const [suite, label, value] of lines) {
    if (suite !== "" && suite !== previous && previous !== "") out.push(rule);
    if (suite !== "") previous = suite;
    out.push(`| ${suite.padEnd(w0)} | ${label.padEnd(w1)} | ${value}`);
  }
  out.push(rule);
  return out.join("\n");
}
