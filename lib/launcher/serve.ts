import { spawn, type ChildProcess } from "node:child_process";

export function spawnNext(mode: "start" | "dev", port: number, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["node_modules/next/dist/bin/next", mode, "-p", String(port)], {
    stdio: ["ignore", "inherit", "inherit"],
    env,
  });
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
