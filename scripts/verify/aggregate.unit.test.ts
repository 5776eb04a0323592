import { describe, expect, it } from "vitest";
import { aggregateReports, formatVerifyTable, verdict, verifyLine } from "./aggregate";

const passing = [
  { suite: "hostile input", counts: { inputs: 5400, server_errors: 0, leaks: 0 }, rows: [["actions covered", "27/27"]] as [string, string][] },
  { suite: "oauth attacks", counts: { attacks: 9, attacks_rejected: 9 } },
  { suite: "ssrf", counts: { attacks: 40, attacks_rejected: 40, disallowed_requests: 0 } },
  { suite: "faults", counts: { faults: 12, faults_survived: 12, lost: 0, duplicates: 0 } },
  { suite: "scale", metrics: { page_ratio_connections: 1.08, page_ratio_users: 1.21 } },
  { suite: "load", metrics: { action_overhead: 1.11 } },
  { suite: "operability", counts: { operability_checks: 7, operability_passed: 7, leaks: 0 }, rows: [["upgrade path", "ok"]] as [string, string][] },
];

describe("verify's aggregation", () => {
  it("sums counts across suites into the machine-readable last line", () => {
    const totals = aggregateReports(passing);
    expect(verifyLine(totals)).toBe(
      "verify: inputs=5400 server_errors=0 attacks_rejected=49/49 disallowed_requests=0 leaks=0 lost=0 duplicates=0 page_ratio_connections=1.08 page_ratio_users=1.21 action_overhead=1.11 operability=ok",
    );
    expect(verdict(totals, [{ label: "suites", ok: true, seconds: 1 }], { benches: true })).toEqual([]);
  });

  it("fails on a leak, a let-through attack, a failed step, a missing figure and a missed target", () => {
    const totals = aggregateReports([
      { suite: "hostile input", counts: { inputs: 10, leaks: 1 } },
      { suite: "ssrf", counts: { attacks: 3, attacks_rejected: 2, disallowed_requests: 1 } },
      { suite: "load", metrics: { action_overhead: 1.4 } },
      { suite: "operability", counts: { operability_checks: 7, operability_passed: 6 } },
    ]);
    expect(verifyLine(totals)).toMatch(/ operability=failed$/);
    const problems = verdict(totals, [{ label: "load (bench)", ok: false, seconds: 3 }], { benches: true });
    expect(problems).toEqual(
      expect.arrayContaining([
        "load (bench) failed",
        "leaks=1 (must be 0)",
        "disallowed_requests=1 (must be 0)",
        "only 2 of 3 attacks were rejected",
        "page_ratio_connections was not measured",
        "action_overhead=1.40 is above the target 1.2",
        "only 6 of 7 operability checks held",
      ]),
    );
  });

  it("prints every suite's rows and flags a missed target in the table", () => {
    const table = formatVerifyTable(aggregateReports([...passing, { suite: "load", metrics: { action_overhead: 1.3 } }]), []);
    expect(table).toContain("27/27");
    expect(table).toMatch(/action_overhead .*1\.30 \(target <= 1\.2\)\s+MISSED/);
    expect(table).toContain("49/49 attacks rejected");
    expect(table).toContain("7/7 operability checks held");
  });
});
