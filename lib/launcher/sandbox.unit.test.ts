// `npm start` restarts the sandbox org on the port it had, so the org's domain (which connections
// store) stays the same; when that port is taken it says the domain changed.
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveEnv } from "../config/resolve-env";
import { startLocalSandbox } from "./sandbox";

const dataDir = mkdtempSync(join(tmpdir(), "launcher-sandbox-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const appEnv = () => resolveEnv({ APP_MODE: "local", DATA_DIR: dataDir, DEV_OKTA_HTTP_ORIGINS: undefined });

async function startOnce(): Promise<{ origin: string; lines: string[] }> {
  const lines: string[] = [];
  const sandbox = await startLocalSandbox(appEnv(), (line) => lines.push(line));
  if (!sandbox) throw new Error("no sandbox in local mode");
  await sandbox.stop();
  return { origin: sandbox.env.AUTH_SANDBOX_ISSUER ?? "", lines };
}

describe("the local sandbox across npm start restarts", () => {
  it("comes back on the same origin, and warns when that port is taken", async () => {
    const first = await startOnce();
    const second = await startOnce();
    expect(second.origin).toBe(first.origin);
    expect(second.lines.join("\n")).not.toContain("WARNING the sandbox's previous port");

    const port = Number(new URL(first.origin).port);
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    try {
      const third = await startOnce();
      expect(third.origin).not.toBe(first.origin);
      expect(third.lines.join("\n")).toContain(`WARNING the sandbox's previous port ${port} is in use`);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
