// What `npm test` (scripts/test.ts) and `npm run verify` (scripts/verify.ts) both do: run a step as
// a node child with its output inline, and give Playwright's app a clean slate.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createThrowawayDatabase } from "../../lib/database/throwaway";
import type { StepResult } from "../verify/aggregate";

/** Runs `node <args>`, framed by a header and an ok/FAILED line with its time. */
export function runNode(label: string, args: string[], env: NodeJS.ProcessEnv = process.env): StepResult {
  console.log(`\n━━ ${label}: ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { stdio: "inherit", env });
  const step = { label, ok: result.status === 0, seconds: (Date.now() - started) / 1000 };
  console.log(`━━ ${label}: ${step.ok ? "ok" : "FAILED"} in ${step.seconds.toFixed(1)}s`);
  return step;
}

/**
 * An empty E2E_DATA_DIR (the sandbox org persists there) and, on DATABASE_URL's server, a database
 * of its own (`orc_<label>_…`), so the suite starts from an empty team. Without DATABASE_URL the
 * app's embedded PostgreSQL lives in the data dir, which is wiped. `env` is for Playwright; drop()
 * after it.
 */
export async function freshE2eEnvironment(dataDir: string, label: string): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  rmSync(dataDir, { recursive: true, force: true });
  const base = process.env.DATABASE_URL;
  const database = base ? await createThrowawayDatabase(base, label) : undefined;
  return {
    env: { E2E_DATA_DIR: dataDir, ...(database ? { E2E_DATABASE_URL: database.url } : {}) },
    drop: async () => {
      await database?.drop();
    },
  };
}
