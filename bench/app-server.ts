// Benches against the REAL app: `startBenchApp()` opens a throwaway bench database
// (bench/database.ts: DATABASE_URL's server, else an embedded PostgreSQL), then runs the app the
// way `npm start` does (`node --import tsx scripts/start.ts`: env validation, migrations, the
// sandbox Okta org in local mode, a build when sources changed, `next start`) and waits for it.
//
//   const app = await startBenchApp({ port: 3470, dataDir: ".data/bench-load", distDir: ".next" });
//   app.url; app.nextPid;                       // the Next server process (sample its RSS in /proc/<pid>/status)
//   const [alice] = await app.signIn(1, "OPERATOR");   // User + Membership + Session rows; alice.cookie is a Cookie header
//   const conn = await app.storeConnection({ scopes: ["okta.realms.read", "okta.users.read"] });
//   await app.sandbox.setLatency(100);          // bench/sandbox-client.ts: control plane + Management API (SSWS)
//   await fetch(`${app.url}/connections`, { headers: { Cookie: alice.cookie } });
//   await app.stop();                           // stops Next, the sandbox and the launcher; drops the database
//
// Notes:
// - The first run builds the app into `distDir` (minutes on a busy machine); later runs reuse the
//   build unless app/, lib/, components/… changed (lib/launcher/build.ts). A build into a distDir
//   other than .next rewrites tsconfig.json's include: never commit that change.
// - Keys (ENCRYPTION_KEY, AUTH_SECRET) are generated per run and passed in, so connections stored
//   here are readable by the server. `dataDir` is wiped at start (the sandbox org persists into it
//   and would otherwise carry state between runs).
// - The launcher's output (launcher, sandbox, Next) goes to `<dataDir>/server.log`; `echo` also
//   prints it. Stopping this process stops the app too (the launcher exits when its parent goes).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { createConnection, storeAuthorization } from "../lib/connections";
import { sessionCookieName } from "../lib/auth/session-cookie";
import { createKeyring } from "../lib/crypto";
import { PrismaClient } from "../lib/generated/prisma/client";
import type { Role } from "../lib/generated/prisma/enums";
import { openBenchDatabase, type BenchDatabase } from "./database";
import { childrenOf } from "./proc";
import { SandboxClient } from "./sandbox-client";

export type BenchAppOptions = {
  /** HTTP port of the app (each bench its own). */
  port: number;
  /** The app's DATA_DIR (sandbox state, server.log). Wiped at start. */
  dataDir: string;
  /** NEXT_DIST_DIR: the build the app runs (built here when missing or stale). */
  distDir: string;
  /** Extra environment for the app (e.g. BULK_WORKER: "off"). */
  env?: Record<string, string>;
  /** Print the app's output as it comes (it always goes to <dataDir>/server.log). */
  echo?: boolean;
};

export type BenchMember = { userId: string; email: string; role: Role; sessionToken: string; /** The Cookie header value. */ cookie: string };

export type BenchConnection = { id: string; nickname: string; scopes: string[]; accessToken: string };

export type BenchApp = {
  url: string;
  /** The `next start` server process (the one serving requests), for RSS/CPU sampling. */
  nextPid: number;
  database: BenchDatabase;
  /** The bench's own Prisma client on the app's database (seeding, checks). */
  db: PrismaClient;
  sandbox: SandboxClient;
  /** The app's ENCRYPTION_KEY (base64), to read what it stores. */
  encryptionKey: string;
  /** n signed-in members, each a User + Membership(role) + Session row, with the session cookie. */
  signIn(n: number, role?: Role): Promise<BenchMember[]>;
  /** An authorized connection to the sandbox org (its connector app) whose access token has exactly these scopes. */
  storeConnection(input: { scopes: string[]; nickname?: string }): Promise<BenchConnection>;
  stop(): Promise<void>;
};

const ROOT = path.resolve(__dirname, "..");
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** A start may include a build, which takes minutes on a busy machine. */
const START_TIMEOUT_MS = 15 * 60_000;

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

/** The deepest descendant of the launcher whose command is Next's (next start may fork a server child). */
function findNextPid(launcherPid: number): number | undefined {
  let found: number | undefined;
  const queue = [launcherPid];
  while (queue.length > 0) {
    const pid = queue.shift() ?? 0;
    for (const child of childrenOf(pid)) {
      const cmd = cmdline(child);
      if (cmd.includes("next")) found = child;
      queue.push(child);
    }
  }
  return found;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export async function startBenchApp(options: BenchAppOptions): Promise<BenchApp> {
  const url = `http://127.0.0.1:${options.port}`;
  const dataDir = path.resolve(ROOT, options.dataDir);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(dataDir, "server.log");
  const log = createWriteStream(logFile, { flags: "a" });

  // scripts/start.ts migrates it before it serves; a second run here would only add start time.
  const database = await openBenchDatabase({ migrate: false });
  const encryptionKey = randomBytes(32).toString("base64");
  const launcher = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      // A scheduled health check of every connection in the middle of a measurement would skew it.
      CONNECTION_CHECKS: "off",
      ...options.env,
      APP_MODE: "local",
      PORT: String(options.port),
      APP_URL: url,
      DATA_DIR: dataDir,
      NEXT_DIST_DIR: options.distDir,
      DATABASE_URL: database.url,
      ENCRYPTION_KEY: encryptionKey,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let ready = false;
  let tail = "";
  const onOutput = (chunk: Buffer) => {
    log.write(chunk);
    if (options.echo) process.stdout.write(chunk);
    tail = (tail + chunk.toString("utf8")).slice(-4000);
    if (tail.includes("[start] Ready:")) ready = true;
  };
  launcher.stdout?.on("data", onOutput);
  launcher.stderr?.on("data", onOutput);
  // If this bench dies, don't leave the app running (the launcher also exits when its parent goes).
  const killOnExit = () => {
    if (!exited(launcher)) launcher.kill("SIGTERM");
  };
  process.once("exit", killOnExit);

  let prisma: PrismaClient | undefined;
  const stop = async (): Promise<void> => {
    process.removeListener("exit", killOnExit);
    if (!exited(launcher)) {
      const gone = new Promise<void>((r) => launcher.once("exit", () => r()));
      launcher.kill("SIGTERM");
      const timer = setTimeout(() => launcher.kill("SIGKILL"), 30_000);
      await gone;
      clearTimeout(timer);
    }
    await prisma?.$disconnect().catch(() => undefined);
    await database.stop().catch((e: unknown) => console.error(`bench database: ${String(e)}`));
    log.end();
  };

  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!ready) {
      if (exited(launcher)) throw new Error(`the app exited during start (${launcher.exitCode ?? launcher.signalCode ?? "?"}); last output:\n${tail.slice(-1500)}`);
      if (Date.now() > deadline) throw new Error(`the app was not ready within ${START_TIMEOUT_MS / 1000}s; see ${logFile}`);
      await sleep(250);
    }
    const nextPid = findNextPid(launcher.pid ?? 0);
    if (nextPid === undefined) throw new Error("the Next server process was not found under the launcher");

    // What the launcher's sandbox wrote (as e2e/support/sandbox.ts reads it).
    const portFile = path.join(dataDir, "sandbox.port");
    const stateFile = path.join(dataDir, "sandbox.json");
    for (let i = 0; i < 40 && !(existsSync(portFile) && existsSync(stateFile)); i++) await sleep(250);
    const sandboxUrl = `http://127.0.0.1:${readFileSync(portFile, "utf8").trim()}`;
    const { secrets } = JSON.parse(readFileSync(stateFile, "utf8")) as { secrets: { apiToken: string } };
    const sandbox = new SandboxClient(sandboxUrl, secrets.apiToken);
    const { seeded } = await sandbox.state();

    const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 4 }) });
    prisma = db;
    const keyring = createKeyring(encryptionKey);
    const cookieName = sessionCookieName(url);
    let members = 0;
    let connections = 0;

    return {
      url,
      nextPid,
      database,
      db,
      sandbox,
      encryptionKey,
      async signIn(n, role = "OPERATOR") {
        const out: BenchMember[] = [];
        for (let i = 0; i < n; i++) {
          const email = `bench-member-${++members}-${randomBytes(3).toString("hex")}@bench.example`;
          const sessionToken = randomBytes(32).toString("hex");
          const user = await db.user.create({
            data: {
              email,
              name: `Bench member ${members}`,
              membership: { create: { role } },
              sessions: { create: { sessionToken, expires: new Date(Date.now() + 12 * 3_600_000) } },
            },
          });
          out.push({ userId: user.id, email, role, sessionToken, cookie: `${cookieName}=${sessionToken}` });
        }
        return out;
      },
      async storeConnection(input) {
        const nickname = input.nickname ?? `bench connection ${++connections}`;
        const deps = { db, keyring };
        const created = await createConnection(deps, {
          nickname,
          oktaDomain: sandboxUrl,
          clientId: seeded.connectorApp.clientId,
          clientSecret: seeded.connectorApp.clientSecret,
          requestedScopes: ["openid", "offline_access", ...input.scopes],
          createdById: null,
        });
        const ttlSeconds = 24 * 3600;
        const accessToken = await sandbox.mintAccessToken({ scopes: input.scopes, clientId: seeded.connectorApp.clientId, sub: seeded.admin.id, ttlSeconds });
        await storeAuthorization(deps, created.id, {
          tokenSet: { accessToken, tokenType: "Bearer", expiresAt: new Date(Date.now() + ttlSeconds * 1000), scope: input.scopes },
          authorizedSub: seeded.admin.id,
          authorizedLogin: seeded.admin.login,
          actor: null,
        });
        return { id: created.id, nickname, scopes: [...input.scopes], accessToken };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
