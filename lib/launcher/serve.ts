import { spawn, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";

/**
 * One `next start` per core, at most 2, unless APP_WORKERS says otherwise; `next dev` is always one.
 * The cap keeps the connection count inside PostgreSQL's default max_connections (100): a worker
 * may open up to 34 (Prisma 10, bulk jobs 10 + 10, pg-boss 4).
 */
export function defaultWorkers(cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(2, cores));
}

export function spawnNext(mode: "start" | "dev", port: number, env: NodeJS.ProcessEnv, workers: number = defaultWorkers()): ChildProcess {
  const args =
    mode === "start" && workers > 1
      ? ["scripts/next-cluster.cjs", String(workers), "-p", String(port)]
      : ["node_modules/next/dist/bin/next", mode, "-p", String(port)];
  return spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"], env });
}

/** Resolves once /api/health answers at all (200 or 503): the server is up and routing. */
export async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      return res.status;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`the server did not answer ${url}/api/health within ${timeoutMs / 1000}s`);
}
