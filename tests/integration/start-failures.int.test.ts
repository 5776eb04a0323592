import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/database/migrate";
import { createThrowawayDatabase, type ThrowawayDatabase } from "@/lib/database/throwaway";

const run = promisify(execFile);

/** Runs `npm start`'s script with a clean environment; returns exit code and output. */
async function start(env: Record<string, string>): Promise<{ code: number; stderr: string; stdout: string; dataDir: string }> {
  const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), "orc-start-")), "data");
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", DATA_DIR: dataDir, SANDBOX: "off", ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr, dataDir };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "", dataDir };
  }
}

async function freePort(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return String(address && typeof address === "object" ? address.port : 0);
}

function errorLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.startsWith("✖"));
}

describe("npm start refuses a broken setup with one line, a non-zero exit and nothing written", () => {
  let holder: net.Server;
  let takenPort = 0;
  const adminUrl = process.env.DATABASE_URL ?? "";
  let changedDbUrl = "";
  let changedDb: ThrowawayDatabase | undefined;

  beforeAll(async () => {
    holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, "0.0.0.0", resolve));
    const address = holder.address();
    if (address && typeof address === "object") takenPort = address.port;

    // A database whose applied init migration no longer matches its file.
    changedDb = await createThrowawayDatabase(adminUrl, "changed");
    changedDbUrl = changedDb.url;
    await migrate(changedDbUrl);
    const c = new pg.Client({ connectionString: changedDbUrl });
    await c.connect();
    await c.query(`UPDATE "_prisma_migrations" SET checksum = repeat('0', 64) WHERE migration_name LIKE '%_init'`);
    await c.end();
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
    await changedDb?.drop();
  });

  it("a taken port names the port and how to pick another", async () => {
    const r = await start({ PORT: String(takenPort), DATABASE_URL: adminUrl });
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(new RegExp(`Port ${takenPort} is already in use.*PORT=`))]);
    expect(existsSync(r.dataDir)).toBe(false);
  });

  it("an unreachable DATABASE_URL names host and port, never the password", async () => {
    const r = await start({ PORT: await freePort(), DATABASE_URL: "postgresql://app:hunter2@127.0.0.1:1/app" });
    expect(r.code).toBe(1);
    const lines = errorLines(r.stderr);
    expect(lines).toEqual([expect.stringMatching(/Cannot reach the database at 127\.0\.0\.1:1\/app.*Check DATABASE_URL/)]);
    expect(r.stderr + r.stdout).not.toContain("hunter2");
    expect(existsSync(r.dataDir)).toBe(false);
  });

  it("malformed configuration names the variable and the fix", async () => {
    const r = await start({ PORT: await freePort(), DATABASE_URL: adminUrl, ENCRYPTION_KEY: "not-a-key" });
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/ENCRYPTION_KEY: must be 32 random bytes.*openssl rand -base64 32/)]);
    expect(existsSync(r.dataDir)).toBe(false);
  });

  it("production without keys refuses to start", async () => {
    const r = await start({ PORT: await freePort(), APP_MODE: "production", DATABASE_URL: adminUrl });
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/APP_MODE=production needs ENCRYPTION_KEY, AUTH_SECRET/)]);
  });

  it("a changed applied migration is refused, naming it and the fix", async () => {
    const r = await start({ PORT: await freePort(), DATABASE_URL: changedDbUrl });
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/_init.*(restore the file|new migration)/)]);
    expect(existsSync(r.dataDir)).toBe(false);
  });
});
