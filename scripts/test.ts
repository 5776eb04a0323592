// `npm test`: the whole suite, in the order that fails fastest: lint, typecheck, vitest (unit,
// sandbox, integration on a real Postgres), then Playwright in Chromium against `npm start`'s path.
// Ends with one plain summary line: "test: N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { createThrowawayDatabase } from "../lib/database/throwaway";

const tmp = mkdtempSync(path.join(os.tmpdir(), "orc-test-"));
let passed = 0;
let failed = 0;

function run(label: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  console.log(`\n━━ ${label}: ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { stdio: "inherit", env });
  console.log(`━━ ${label}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return result.status === 0;
}

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

/** On an external server, e2e gets a database of its own so the suite starts from an empty team. */
async function freshE2eDatabase(): Promise<{ url?: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  return base ? createThrowawayDatabase(base, "e2e") : { drop: async () => {} };
}

async function main(): Promise<number> {
  if (!existsSync("lib/generated/prisma/client.ts")) run("prisma generate", ["--import", "tsx", "scripts/prisma-generate.ts"]);
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

  const e2eDataDir = path.join(".data", "e2e");
  rmSync(e2eDataDir, { recursive: true, force: true });
  const database = await freshE2eDatabase();
  const pwJson = path.join(tmp, "playwright.json");
  try {
    const env = { ...process.env, E2E_DATA_DIR: e2eDataDir, PW_JSON_OUTPUT: pwJson, ...(database.url ? { E2E_DATABASE_URL: database.url } : {}) };
    const e2eOk = run("playwright", ["node_modules/@playwright/test/cli.js", "test"], env);
    count(pwJson, playwrightReport, (r) => [r.stats.expected + r.stats.flaky, r.stats.unexpected]);
    if (!e2eOk && failed === 0) failed += 1;
    return e2eOk ? 0 : 1;
  } finally {
    await database.drop();
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
