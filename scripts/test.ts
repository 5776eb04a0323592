// `npm test`: the whole suite, in the order that fails fastest: lint, typecheck, vitest (unit,
// sandbox, integration on a real Postgres), then Playwright in Chromium against `npm start`'s path.
// Ends with one plain summary line: "test: N passed, N failed".
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { ensurePrismaClient } from "../lib/launcher/build";
import { freshE2eEnvironment, runNode } from "./support/run";

const tmp = mkdtempSync(path.join(os.tmpdir(), "orc-test-"));
let passed = 0;
let failed = 0;

const run = (label: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean => runNode(label, args, env).ok;

const vitestReport = z.object({ numPassedTests: z.number(), numFailedTests: z.number() });
const playwrightReport = z.object({ stats: z.object({ expected: z.number(), unexpected: z.number(), flaky: z.number() }) });

function count<T>(file: string, schema: z.ZodType<T>, pick: (r: T) => [number, number]): void {
  if (!existsSync(file)) return;
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) return;
  const [p, f] = pick(parsed.data);
  passed += p;
  failed += f;
}

async function main(): Promise<number> {
  ensurePrismaClient((args) => run("prisma generate", args));
  const steps: [string, string[]][] = [
    ["lint", ["node_modules/eslint/bin/eslint.js", "."]],
    ["typecheck", ["node_modules/typescript/bin/tsc", "--noEmit"]],
  ];
  for (const [label, args] of steps) {
    if (run(label, args)) passed += 1;
    else {
      failed += 1;
      return 1;
    }
  }

  const vitestJson = path.join(tmp, "vitest.json");
  const vitestOk = run("vitest", ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
  count(vitestJson, vitestReport, (r) => [r.numPassedTests, r.numFailedTests]);
  if (!vitestOk && failed === 0) failed += 1;
  if (!vitestOk) return 1;

  const e2e = await freshE2eEnvironment(path.join(".data", "e2e"), "e2e");
  const pwJson = path.join(tmp, "playwright.json");
  try {
    const env = { ...process.env, ...e2e.env, PW_JSON_OUTPUT: pwJson };
    const e2eOk = run("playwright", ["node_modules/@playwright/test/cli.js", "test"], env);
    count(pwJson, playwrightReport, (r) => [r.stats.expected + r.stats.flaky, r.stats.unexpected]);
    if (!e2eOk && failed === 0) failed += 1;
    return e2eOk ? 0 : 1;
  } finally {
    await e2e.drop();
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    failed += 1;
    return 1;
  })
  .then((code) => {
    rmSync(tmp, { recursive: true, force: true });
    console.log(`\ntest: ${passed} passed, ${failed} failed`);
    process.exit(code);
  });
