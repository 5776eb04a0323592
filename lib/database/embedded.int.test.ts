import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, test } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "orc-embedded-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dataDir: string): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres({ dataDir });
  cleanups.push(() => server.stop());
  return server;
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

const postmasterPid = async (dataDir: string) => Number((await readFile(path.join(dataDir, "pgdata", "postmaster.pid"), "utf8")).split("\n")[0]);
const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8")); // a zombie is not running
  } catch {
    return false;
  }
};

/** Runs startEmbeddedPostgres in a separate Node process, which the test then kills with -9. */
async function startInChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const script = path.join(dataDir, "..", `${path.basename(dataDir)}-child.ts`);
  cleanups.push(() => rm(script, { force: true }));
  await writeFile(
    script,
    `import { startEmbeddedPostgres } from ${JSON.stringify(path.resolve(__dirname, "embedded"))};
     void startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} }).then((db) => console.log("READY " + db.url));
     setInterval(() => {}, 1000);`,
  );
  // `node --import tsx` (not the tsx CLI, which forks): one process, so SIGKILL hits the owner itself.
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: path.resolve(__dirname, "../.."), stdio: ["ignore", "pipe", "pipe"] });
  cleanups.push(async () => child.kill("SIGKILL"));
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`child exited (${code}): ${output}`)));
  });
  return { child, url };
}

describe("startEmbeddedPostgres", () => {
  test("keeps data across stop and start of the same data directory, on the same port", async () => {
    const dataDir = await tempDir();
    const first = await startEmbeddedPostgres({ dataDir });
    await sql(first.url, `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('survives restarts')`);
    await first.stop();
    await expect(sql(first.url, "SELECT 1")).rejects.toThrow(); // really stopped

    const second = await start(dataDir);

    expect(second.url).toBe(first.url);
    expect(await sql(second.url, "SELECT note FROM kept")).toEqual([{ note: "survives restarts" }]);
  });

  test("starts after the previous owner process was killed with -9", async () => {
    const dataDir = await tempDir();
    const { child, url } = await startInChild(dataDir);
    await sql(url, `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('before kill -9')`);
    const orphan = await postmasterPid(dataDir);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(isRunning(orphan)).toBe(true); // the killed owner's Postgres is still holding the data dir

    const server = await start(dataDir);

    expect(await sql(server.url, "SELECT note FROM kept")).toEqual([{ note: "before kill -9" }]);
    expect(isRunning(orphan)).toBe(false);
    await server.stop();
    expect(existsSync(path.join(dataDir, "pgdata", "postmaster.pid"))).toBe(false);
  });

  test("starts despite a stale postmaster.pid whose PID now belongs to another process", async () => {
    const dataDir = await tempDir();
    const first = await startEmbeddedPostgres({ dataDir });
    await first.stop();
    // Postgres itself refuses to start while the PID in its lock file is alive (PID reuse after a crash).
    const unrelated = spawn("sleep", ["60"]);
    cleanups.push(async () => unrelated.kill("SIGKILL"));
    await writeFile(path.join(dataDir, "pgdata", "postmaster.pid"), `${unrelated.pid}\n${path.join(dataDir, "pgdata")}\n`);

    const server = await start(dataDir);

    expect(await sql(server.url, "SELECT current_database() AS db")).toEqual([{ db: "app" }]);
  });

  // As root the cluster runs as the postgres system user; a data dir it cannot reach (a checkout
  // under /root) moves the cluster to a root-owned folder it can, without loosening anything.
  test.skipIf(process.getuid?.() !== 0)("as root, keeps a cluster the postgres user could not reach under the system folder, and finds it again", async () => {
    const closed = await tempDir(); // mkdtemp: 0700, like /root
    const dataDir = path.join(closed, "app", ".data", "postgres");
    const open = await tempDir();
    await chmod(open, 0o711);
    const systemDir = path.join(open, "okta-realms-connections");

    const first = await startEmbeddedPostgres({ dataDir, systemDir });
    cleanups.push(() => first.stop());
    expect(first.relocatedBecause).toBe(closed);
    expect(first.pgdata.startsWith(path.join(systemDir, "clusters") + path.sep)).toBe(true);
    expect((await stat(first.pgdata)).mode & 0o777).toBe(0o700);
    expect((await stat(systemDir)).mode & 0o777).toBe(0o711);
    expect((await stat(closed)).mode & 0o777).toBe(0o700); // nothing loosened
    expect(existsSync(path.join(dataDir, "pgdata"))).toBe(false);
    expect((await stat(path.join(dataDir, "embedded.json"))).mode & 0o777).toBe(0o600);
    await sql(first.url, `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('in the system folder')`);
    await first.stop();

    const second = await start(dataDir);
    expect(second.pgdata).toBe(first.pgdata); // from embedded.json, with no systemDir given this time
    expect(await sql(second.url, "SELECT note FROM kept")).toEqual([{ note: "in the system folder" }]);
  });
});
