// `npm run verify`: runs the suites that prove the app holds under hostile input, attacks, faults,
// scale and load, collects the figures each reports (tests/verify/report.ts), prints one table and
// ends with one machine-readable line:
//   verify: inputs=<n> server_errors=<n> attacks_rejected=<n>/<n> disallowed_requests=<n> leaks=<n>
//           lost=<n> duplicates=<n> page_ratio_connections=<x> page_ratio_users=<x> action_overhead=<x>
//           operability=<ok|failed>
// (printed on one line). Exits non-zero when a suite fails, a correctness count is not zero, or a
// figure misses its target.
//
// The vitest and Playwright suites here also run in `npm test` (they assert); verify adds the scale
// and load benches and the figures. Flags: --skip-benches (suites only), --load-seconds=N (passed to
// bench-load as --seconds; its own default otherwise).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensurePrismaClient } from "../lib/launcher/build";
import { freshE2eEnvironment, runNode } from "./support/run";
import { aggregateReports, formatVerifyTable, loadReports, verifyLine, verdict, type StepResult } from "./verify/aggregate";

const outDir = mkdtempSync(path.join(os.tmpdir(), "orc-verify-"));
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const skipBenches = process.argv.includes("--skip-benches");
const loadSeconds = arg("load-seconds");

const steps: StepResult[] = [];

function run(label: string, args: string[], extraEnv: Record<string, string> = {}): void {
  steps.push(runNode(label, args, { ...process.env, VERIFY_OUT_DIR: outDir, ...extraEnv }));
}

async function main(): Promise<number> {
  ensurePrismaClient((args) => run("prisma generate", args));

  // Property, SSRF, OAuth-attack, fault and key-rotation suites (unit + integration on a real Postgres).
  // A fresh seed each run (npm test replays a fixed one); FC_SEED=<n> npm run verify replays this one.
  const seed = process.env.FC_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
  console.log(`verify: fast-check seed ${seed}`);
  run("suites (vitest)", ["node_modules/vitest/vitest.mjs", "run", "--project", "unit", "--project", "integration", ".verify."], { FC_SEED: seed });

  // Web security against the running app in Chromium (headers, cookies, cross-origin actions, bundles).
  const e2e = await freshE2eEnvironment(path.join(".data", "e2e-verify"), "verify");
  try {
    run("web security (playwright)", ["node_modules/@playwright/test/cli.js", "test", ".verify."], { ...e2e.env, E2E_PORT: process.env.VERIFY_E2E_PORT ?? "3190" });
  } finally {
    await e2e.drop();
  }

  if (!skipBenches) {
    run("scale (bench)", ["--import", "tsx", "scripts/bench-scale.ts"]);
    run("load (bench)", ["--import", "tsx", "scripts/bench-load.ts", ...(loadSeconds ? [`--seconds=${loadSeconds}`] : [])]);
  }

  const totals = aggregateReports(loadReports(outDir));
  console.log(`\n${formatVerifyTable(totals, steps)}`);
  const problems = verdict(totals, steps, { benches: !skipBenches });
  for (const problem of problems) console.log(`verify: FAILED: ${problem}`);
  console.log(verifyLine(totals));
  return problems.length === 0 ? 0 : 1;
}

main()
  .catch((error: unknown) => {
    console.error(error);
    return 1;
  })
  .then((code) => {
    rmSync(outDir, { recursive: true, force: true });
    process.exit(code);
  });
