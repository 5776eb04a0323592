// Counts the injected-fault scenarios of one suite file for `npm run verify` (tests/verify/report.ts).
// A scenario counts as survived only if every assertion in it passed; lost and duplicate writes are
// what the scenario measured on the Okta (sandbox) side, not what the app believes.
import { reportFigures } from "@/tests/verify/report";

export type FaultTally = {
  /** Wraps a test body: one injected fault scenario. The body's failure still fails the test. */
  scenario(label: string, body: () => Promise<void>): () => Promise<void>;
  /** Writes the org should have and doesn't. */
  lost(n: number): void;
  /** Writes the org applied more than once. */
  duplicates(n: number): void;
  /** An INTERNAL outcome or an unhandled throw where a readable failure was due. */
  serverError(): void;
  report(): void;
};

export function faultTally(suite = "faults"): FaultTally {
  const rows: [string, string][] = [];
  let faults = 0;
  let survived = 0;
  let lost = 0;
  let duplicates = 0;
  let serverErrors = 0;
  return {
    scenario: (label, body) => async () => {
      faults += 1;
      const started = Date.now();
      try {
        await body();
      } catch (error) {
        rows.push([label, `FAILED after ${Date.now() - started} ms`]);
        throw error;
      }
      survived += 1;
      rows.push([label, `survived in ${Date.now() - started} ms`]);
    },
    lost: (n) => {
      lost += n;
    },
    duplicates: (n) => {
      duplicates += n;
    },
    serverError: () => {
      serverErrors += 1;
    },
    report: () =>
      reportFigures({ suite, counts: { faults, faults_survived: survived, lost, duplicates, server_errors: serverErrors }, rows }),
  };
}
