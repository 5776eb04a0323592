// `next start` on every core: Node runs JavaScript on one thread, so a single `next start` leaves
// the other cores of the machine idle while its own queue grows (the load bench measured one
// process at 0.93 of a core with 20 members). This primary forks APP_WORKERS copies of the
// unchanged `next start` CLI; Node's cluster module lets them share the one port and hands each new
// connection to the next worker in turn. The workers are ordinary stateless app instances: sessions,
// locks, jobs and rate budgets are in Postgres, exactly as with several machines.
//
// Usage: node scripts/next-cluster.cjs <workers> -p <port>. Plain CommonJS so it runs without tsx.
"use strict";
const cluster = require("node:cluster");
const path = require("node:path");

const [workersArg, ...nextArgs] = process.argv.slice(2);
const workers = Math.max(1, Number.parseInt(workersArg ?? "1", 10) || 1);
/** A worker that dies sooner than this after starting is failing to start, not crashing once. */
const CRASH_LOOP_MS = 15_000;

cluster.setupPrimary({ exec: path.join(process.cwd(), "node_modules/next/dist/bin/next"), args: ["start", ...nextArgs] });

let stopping = false;
const startedAt = new Map();

function fork() {
  const worker = cluster.fork();
  startedAt.set(worker.id, Date.now());
}

cluster.on("exit", (worker, code, signal) => {
  const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
  startedAt.delete(worker.id);
  if (stopping) {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    return;
  }
  if (lived < CRASH_LOOP_MS) {
    console.error(`[cluster] a worker exited ${signal ?? `with code ${code}`} while starting; stopping`);
    stop(code || 1);
    return;
  }
  // One crashed instance must not take the others down: replace it, as an orchestrator would.
  console.error(`[cluster] a worker exited ${signal ?? `with code ${code}`}; starting a replacement`);
  fork();
});

function stop(exitCode) {
  if (stopping) return;
  stopping = true;
  const alive = Object.values(cluster.workers ?? {});
  if (alive.length === 0) process.exit(exitCode);
  for (const worker of alive) worker?.process.kill("SIGTERM");
  // Whatever is still running after Next's own shutdown window is killed.
  setTimeout(() => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
    process.exit(exitCode);
  }, 10_000).unref();
}

process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));
for (let i = 0; i < workers; i++) fork();
