// `npm run bench:load`: 20 signed-in members (OPERATOR, one session each) run a mix of realm reads
// and writes through the REAL app (bench/app-server.ts: scripts/start.ts, next start, Postgres,
// the launcher's sandbox Okta org) for 120 s; then the SAME Okta calls are made directly to the
// sandbox's Management API with the connection's bearer token, at the same concurrency, for the
// same time. The sandbox answers every request after a realistic Okta round trip (--latency, 100 ms)
// and its rate limits are raised so neither side is throttled. Prints p50/p95/max per operation and
// overall for both sides, errors (must be 0), and action_overhead = median(app) / median(direct).
//
// The operations, each as the browser does it and as a script would do it against Okta:
//   read realm     app: RSC navigation to the realm page (GET, RSC: 1)   direct: GET /realms/{id}
//   search realms  app: GET /api/realms/search (NDJSON stream)         direct: GET /realms?search=…, Link pages
//   list users     app: GET /api/realms/users (NDJSON, first 200)       direct: GET /users?search=realmId eq …
//   find user      app: server action findUser                          direct: GET /users/{login}
//   update realm   app: server action updateRealm (from the realm page) direct: GET + PUT /realms/{id}
//   move user      app: server action moveUserToRealm (move page)       direct: GET user, GET realm, POST user
// The Okta requests per operation of both sides are counted at the sandbox and printed, so a
// difference in the work done (not only in speed) shows.
//
// Flags: --seconds=N (120), --members=N (20), --latency=MS (100), --port=N (3470), --echo (app output),
// --profile (a V8 CPU profile of the Next server into .data/bench-load/profiles), --app-only, --ops=a,b (only these).
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startBenchApp, type BenchApp, type BenchConnection, type BenchMember } from "../bench/app-server";
import { callServerAction, readActionIds } from "../bench/server-action-client";
import type { SandboxClient } from "../bench/sandbox-client";
import { cpuSeconds, rssMb } from "../bench/proc";
import { percentile } from "../bench/stats";
import { reportFigures } from "../tests/verify/report";
import { TARGETS } from "./verify/aggregate";

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const SECONDS = Number(arg("seconds") ?? 120);
const MEMBERS = Number(arg("members") ?? 20);
const LATENCY_MS = Number(arg("latency") ?? 100);
const PORT = Number(arg("port") ?? 3470);
const PROFILE = process.argv.includes("--profile");
const APP_ONLY = process.argv.includes("--app-only");
// The app's usual build (shared with npm start and the e2e suite; rebuilt only when sources changed).
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";
const USERS_PER_MEMBER = 4;
const HIGH_LIMIT = 1_000_000;
const SEARCH_TEXT = "Load";

const ALL_OPS = ["read realm", "search realms", "list users", "find user", "update realm", "move user"] as const;
type Op = (typeof ALL_OPS)[number];
// --ops=find user,move user: only these (profiling one kind); the default is the whole mix.
const OPS: readonly Op[] = arg("ops") ? ALL_OPS.filter((op) => (arg("ops") ?? "").split(",").includes(op)) : ALL_OPS;
type Sample = { op: Op; ms: number };
type Failure = { op: Op; message: string };

const log = (line: string) => console.log(line);
const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "-");

type Fixture = {
  app: BenchApp;
  connection: BenchConnection;
  members: BenchMember[];
  realmA: string;
  realmB: string;
  /** One realm per member, renamed by its updates. */
  memberRealms: string[];
  /** Each member's users and the realm each is in now (moves alternate A ↔ B). */
  memberUsers: { id: string; login: string }[][];
  userRealm: Map<string, string>;
  actionIds: Map<string, string>;
};

/** One worker's operation `k`: every side runs the same sequence, rotated by the member's index. */
type Side = { name: string; run(member: number, op: Op, k: number): Promise<void> };

type Stats = { count: number; p50: number; p95: number; max: number };
function stats(ms: number[]): Stats {
  const sorted = [...ms].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted[sorted.length - 1] ?? NaN };
}

/** A /proc reading, NaN when the process is gone: the table then shows "-" instead of the run failing. */
function orNaN(read: () => number): number {
  try {
    return read();
  } catch {
    return NaN;
  }
}

async function runPhase(side: Side, seconds: number): Promise<{ samples: Sample[]; failures: Failure[]; wallMs: number }> {
  const samples: Sample[] = [];
  const failures: Failure[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: MEMBERS }, async (_, member) => {
      for (let k = 0; performance.now() < deadline; k++) {
        const op = OPS[(member + k) % OPS.length] ?? "read realm";
        const t0 = performance.now();
        try {
          await side.run(member, op, k);
          samples.push({ op, ms: performance.now() - t0 });
        } catch (error) {
          failures.push({ op, message: error instanceof Error ? error.message : String(error) });
        }
      }
    }),
  );
  return { samples, failures, wallMs: performance.now() - started };
}

/** One pass of every operation by every member, not measured: module loading, JIT, pools. */
async function warmUp(side: Side): Promise<Failure[]> {
  const failures: Failure[] = [];
  await Promise.all(
    Array.from({ length: MEMBERS }, async (_, member) => {
      for (const [k, op] of OPS.entries()) {
        try {
          await side.run(member, op, 1000 + k);
        } catch (error) {
          failures.push({ op, message: `warm-up: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
    }),
  );
  return failures;
}

// ---------- the app side ----------

/** Reads an NDJSON listing to its end; throws unless it ends with `done` (an `error` line is a failure). */
async function readListing(res: Response, what: string): Promise<number> {
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 200)}`);
  const lines = text.trim().split("\n");
  const last = JSON.parse(lines[lines.length - 1] ?? "{}") as { type?: string; total?: number; failure?: { code: string; message: string } };
  if (last.type !== "done") throw new Error(`${what}: ended with ${last.type ?? "nothing"}${last.failure ? ` ${last.failure.code}: ${last.failure.message}` : ""}`);
  return last.total ?? 0;
}

function appSide(f: Fixture, serverErrors: { count: number }): Side {
  const cid = encodeURIComponent(f.connection.id);
  const actionId = (name: string): string => {
    const id = f.actionIds.get(name);
    if (!id) throw new Error(`server action ${name} is not in the build's manifest`);
    return id;
  };
  const ids = { findUser: actionId("findUser"), updateRealm: actionId("updateRealm"), moveUserToRealm: actionId("moveUserToRealm") };
  const action = async (member: BenchMember, page: string, id: string, input: unknown, what: string) => {
    const call = await callServerAction<{ ok: boolean; failure?: { code: string; message: string } }>({ appUrl: f.app.url, cookie: member.cookie }, page, id, input);
    if (call.status >= 500) serverErrors.count++;
    if (call.problem) throw new Error(`${what}: ${call.problem}`);
    const result = call.result;
    if (!result?.ok) {
      if (result?.error.code === "INTERNAL") serverErrors.count++;
      throw new Error(`${what}: ${result ? `${result.error.code}: ${result.error.message}` : "no result"}`);
    }
    // The guard's data is the realm operation's Outcome: Okta refusals come back as ok:false there.
    if (!result.data.ok) throw new Error(`${what}: ${result.data.failure?.code ?? "?"}: ${result.data.failure?.message ?? ""}`);
  };
  const get = async (member: BenchMember, route: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${f.app.url}${route}`, { headers: { Cookie: member.cookie, ...headers }, redirect: "manual" });
    if (res.status >= 500) serverErrors.count++;
    return res;
  };
  return {
    name: "app",
    async run(m, op, k) {
      const member = f.members[m];
      if (!member) throw new Error(`no member ${m}`);
      const users = f.memberUsers[m] ?? [];
      const realmId = k % 2 === 0 ? f.realmA : f.realmB;
      switch (op) {
        case "read realm": {
          // `?_rsc`: Next 16 redirects an RSC request whose cache-busting parameter doesn't match its
          // router headers; with none of those headers (a fresh navigation) the expected value is empty.
          const res = await get(member, `/connections/${cid}/realms/${encodeURIComponent(realmId)}?_rsc`, { RSC: "1" });
          const body = await res.text();
          if (res.status !== 200) throw new Error(`read realm: HTTP ${res.status}`);
          if (!body.includes(realmId) || !body.includes("Allowed domains")) throw new Error(`read realm: the page doesn't show the realm (${body.length} bytes)`);
          return;
        }
        case "search realms": {
          const total = await readListing(await get(member, `/api/realms/search?connectionId=${cid}&name=${SEARCH_TEXT}&resultSet=first200`), "search realms");
          if (total !== MEMBERS + 2) throw new Error(`search realms: ${total} realms, expected ${MEMBERS + 2}`);
          return;
        }
        case "list users":
          await readListing(await get(member, `/api/realms/users?connectionId=${cid}&realmId=${encodeURIComponent(realmId)}&resultSet=first200`), "list users");
          return;
        case "find user": {
          const user = users[k % users.length];
          if (!user) throw new Error("no user");
          await action(member, `/connections/${cid}/users/move`, ids.findUser, { connectionId: f.connection.id, query: user.login }, "find user");
          return;
        }
        case "update realm": {
          const realm = f.memberRealms[m] ?? "";
          await action(member, `/connections/${cid}/realms/${encodeURIComponent(realm)}`, ids.updateRealm, { connectionId: f.connection.id, realmId: realm, name: `${SEARCH_TEXT} member ${m} v${k}` }, "update realm");
          return;
        }
        case "move user": {
          const user = users[k % users.length];
          if (!user) throw new Error("no user");
          const to = f.userRealm.get(user.id) === f.realmA ? f.realmB : f.realmA;
          await action(member, `/connections/${cid}/users/move`, ids.moveUserToRealm, { connectionId: f.connection.id, userId: user.id, realmId: to }, "move user");
          f.userRealm.set(user.id, to);
          return;
        }
      }
    },
  };
}

// ---------- the direct side: the same Okta calls, a bearer token, no app ----------

function directSide(f: Fixture): Side {
  const sb: SandboxClient = f.app.sandbox;
  const token = f.connection.accessToken;
  const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await sb.api<T>(method, route, body, token);
    if (res.status >= 300) throw new Error(`${method} ${route.split("?")[0] ?? route}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    return res.body;
  };
  const q = encodeURIComponent;
  return {
    name: "direct",
    async run(m, op, k) {
      const users = f.memberUsers[m] ?? [];
      const realmId = k % 2 === 0 ? f.realmA : f.realmB;
      switch (op) {
        case "read realm":
          await call("GET", `/api/v1/realms/${q(realmId)}`);
          return;
        case "search realms": {
          const total = await sb.countListed(`/api/v1/realms?search=${q(`profile.name co "${SEARCH_TEXT}"`)}&sortBy=profile.name&sortOrder=asc`, 200, token);
          if (total !== MEMBERS + 2) throw new Error(`search realms: ${total} realms, expected ${MEMBERS + 2}`);
          return;
        }
        case "list users":
          await sb.countListed(`/api/v1/users?limit=200&search=${q(`realmId eq "${realmId}"`)}`, 200, token);
          return;
        case "find user": {
          const user = users[k % users.length];
          if (!user) throw new Error("no user");
          await call("GET", `/api/v1/users/${q(user.login)}`);
          return;
        }
        case "update realm": {
          const realm = f.memberRealms[m] ?? "";
          const current = await call<{ profile: Record<string, unknown> }>("GET", `/api/v1/realms/${q(realm)}`);
          await call("PUT", `/api/v1/realms/${q(realm)}`, { profile: { ...current.profile, name: `${SEARCH_TEXT} member ${m} v${k}` } });
          return;
        }
        case "move user": {
          const user = users[k % users.length];
          if (!user) throw new Error("no user");
          const to = f.userRealm.get(user.id) === f.realmA ? f.realmB : f.realmA;
          await call("GET", `/api/v1/users/${q(user.id)}`);
          await call("GET", `/api/v1/realms/${q(to)}`);
          await call("POST", `/api/v1/users/${q(user.id)}`, { realmId: to });
          f.userRealm.set(user.id, to);
          return;
        }
      }
    },
  };
}

// ---------- setup ----------

async function setUp(app: BenchApp): Promise<Fixture> {
  const sb = app.sandbox;
  const realm = async (name: string) => (await sb.api<{ id: string }>("POST", "/api/v1/realms", { profile: { name, realmType: "DEFAULT" } })).body.id;
  const realmA = await realm(`${SEARCH_TEXT} A`);
  const realmB = await realm(`${SEARCH_TEXT} B`);
  const memberRealms: string[] = [];
  for (let i = 0; i < MEMBERS; i++) memberRealms.push(await realm(`${SEARCH_TEXT} member ${i}`));
  await sb.addUsers({ count: MEMBERS * USERS_PER_MEMBER, realmId: realmA, loginPattern: "load{n}@load.example" });
  const listed = await sb.api<{ id: string; profile: { login: string } }[]>("GET", `/api/v1/users?limit=200&search=${encodeURIComponent(`realmId eq "${realmA}"`)}`);
  const users = listed.body.map((u) => ({ id: u.id, login: u.profile.login }));
  if (users.length !== MEMBERS * USERS_PER_MEMBER) throw new Error(`seeded ${users.length} users, expected ${MEMBERS * USERS_PER_MEMBER}`);
  const memberUsers = Array.from({ length: MEMBERS }, (_, i) => users.slice(i * USERS_PER_MEMBER, (i + 1) * USERS_PER_MEMBER));
  const connection = await app.storeConnection({ scopes: ["okta.realms.read", "okta.realms.manage", "okta.users.read", "okta.users.manage"], nickname: "load bench" });
  const members = await app.signIn(MEMBERS, "OPERATOR");
  return {
    app,
    connection,
    members,
    realmA,
    realmB,
    memberRealms,
    memberUsers,
    userRealm: new Map(users.map((u) => [u.id, realmA])),
    actionIds: readActionIds(path.resolve(DIST_DIR)),
  };
}

type PhaseResult = { side: string; samples: Sample[]; failures: Failure[]; wallMs: number; oktaCalls: number; cpuS: number; rssMb: number };

async function measure(f: Fixture, side: Side, pid: number | undefined): Promise<PhaseResult> {
  const warm = await warmUp(side);
  await f.app.sandbox.resetCounters();
  const cpu0 = pid ? orNaN(() => cpuSeconds(pid)) : NaN;
  log(`${side.name}: ${MEMBERS} members for ${SECONDS} s …`);
  const phase = await runPhase(side, SECONDS);
  const cpuS = pid ? orNaN(() => cpuSeconds(pid)) - cpu0 : NaN;
  const { requests: oktaCalls, rateLimited } = await f.app.sandbox.requestCount("/api/v1/");
  if (rateLimited > 0) phase.failures.push({ op: "read realm", message: `the sandbox answered ${rateLimited} requests with 429 (limits too low for this run)` });
  return { side: side.name, ...phase, failures: [...warm, ...phase.failures], oktaCalls, cpuS, rssMb: pid ? orNaN(() => rssMb(pid)) : NaN };
}

async function main(): Promise<void> {
  const started = performance.now();
  log(`load bench: ${MEMBERS} members (OPERATOR), ${SECONDS} s per side, sandbox latency ${LATENCY_MS} ms; load average ${os.loadavg().map((n) => n.toFixed(2)).join(" ")} on ${os.cpus().length} cores`);
  const dataDir = ".data/bench-load";
  // --profile: the Next server writes a V8 CPU profile (<dataDir>/profiles, at stop) to see where its time goes.
  const profileEnv: Record<string, string> = PROFILE
    ? { NODE_OPTIONS: `--import ${pathToFileURL(path.resolve(__dirname, "../bench/cpu-profile-hook.mjs")).href}`, BENCH_CPU_PROFILE_DIR: path.resolve(dataDir, "profiles") }
    : {};
  const app = await startBenchApp({ port: PORT, dataDir, distDir: DIST_DIR, echo: process.argv.includes("--echo"), env: profileEnv });
  let exitCode = 0;
  try {
    log(`app: ${app.url} (Next pid ${app.nextPid}) ready in ${fmt((performance.now() - started) / 1000, 1)} s; ${app.database.description}; sandbox ${app.sandbox.url}`);
    await app.sandbox.setLatency(LATENCY_MS);
    const limits = await app.sandbox.setRateLimits({
      buckets: { "users-collection": HIGH_LIMIT, "user-get": HIGH_LIMIT, "user-write": HIGH_LIMIT, "api-other": HIGH_LIMIT, oauth2: HIGH_LIMIT },
      concurrency: 10_000,
    });
    log(`sandbox: latency ${LATENCY_MS} ms on every request; rate limits ${JSON.stringify(limits.buckets)} per ${limits.windowSeconds} s, concurrency ${limits.concurrency}`);
    const f = await setUp(app);
    log(`seeded: realms ${SEARCH_TEXT} A/B + ${MEMBERS} member realms, ${MEMBERS * USERS_PER_MEMBER} users; ${MEMBERS} members signed in; connection ${f.connection.id}`);

    const serverErrors = { count: 0 };
    const appResult = await measure(f, appSide(f, serverErrors), app.nextPid);
    if (APP_ONLY) {
      const s = stats(appResult.samples.map((x) => x.ms));
      log(`app only: ${s.count} ops, p50 ${fmt(s.p50)} ms, p95 ${fmt(s.p95)} ms, ${appResult.failures.length} errors, ${fmt((appResult.cpuS * 1000) / Math.max(1, s.count), 1)} CPU ms per operation`);
    } else {
      const directResult = await measure(f, directSide(f), undefined);
      exitCode = summarize(appResult, directResult, serverErrors.count);
    }
  } finally {
    await app.stop();
  }
  log(`bench:load done in ${fmt((performance.now() - started) / 1000, 1)} s`);
  process.exit(exitCode);
}

function summarize(appR: PhaseResult, directR: PhaseResult, serverErrors: number): number {
  const row = (label: string, a: Stats, d: Stats) =>
    `${label.padEnd(14)} ${String(a.count).padStart(6)} ${fmt(a.p50).padStart(6)} ${fmt(a.p95).padStart(6)} ${fmt(a.max).padStart(6)}   ${String(d.count).padStart(6)} ${fmt(d.p50).padStart(6)} ${fmt(d.p95).padStart(6)} ${fmt(d.max).padStart(6)}   ${fmt(a.p50 / d.p50, 2).padStart(5)}x ${fmt(a.p50 - d.p50).padStart(5)} ms`;
  log("");
  log(`${"operation".padEnd(14)} ${"app: n".padStart(6)} ${"p50".padStart(6)} ${"p95".padStart(6)} ${"max".padStart(6)}   ${"direct".padStart(6)} ${"p50".padStart(6)} ${"p95".padStart(6)} ${"max".padStart(6)}   median ratio, added`);
  const rows: [string, string][] = [];
  for (const op of OPS) {
    const a = stats(appR.samples.filter((s) => s.op === op).map((s) => s.ms));
    const d = stats(directR.samples.filter((s) => s.op === op).map((s) => s.ms));
    log(row(op, a, d));
    rows.push([`load: ${op} p50/p95 ms, app vs direct`, `${fmt(a.p50)}/${fmt(a.p95)} vs ${fmt(d.p50)}/${fmt(d.p95)} (${fmt(a.p50 / d.p50, 2)}x)`]);
  }
  const a = stats(appR.samples.map((s) => s.ms));
  const d = stats(directR.samples.map((s) => s.ms));
  log(row("overall", a, d));
  const overhead = a.p50 / d.p50;
  const errors = appR.failures.length + directR.failures.length;
  log("");
  log(`ops/s: app ${fmt(a.count / (appR.wallMs / 1000), 1)}, direct ${fmt(d.count / (directR.wallMs / 1000), 1)}`);
  log(`Okta requests per operation: app ${fmt(appR.oktaCalls / Math.max(1, a.count), 2)}, direct ${fmt(directR.oktaCalls / Math.max(1, d.count), 2)}`);
  log(`app server: ${fmt(appR.cpuS, 1)} CPU s in ${fmt(appR.wallMs / 1000, 0)} s (${fmt((appR.cpuS * 1000) / Math.max(1, a.count), 1)} CPU ms per operation), RSS ${fmt(appR.rssMb)} MB; load average ${os.loadavg().map((n) => n.toFixed(2)).join(" ")}`);
  for (const r of [appR, directR]) {
    if (r.failures.length === 0) continue;
    log(`${r.side} errors: ${r.failures.length}`);
    const byMessage = new Map<string, number>();
    for (const e of r.failures) byMessage.set(`${e.op}: ${e.message}`, (byMessage.get(`${e.op}: ${e.message}`) ?? 0) + 1);
    for (const [message, n] of [...byMessage].slice(0, 20)) log(`  ${n} x ${message}`);
  }
  log(`action_overhead: median ${fmt(a.p50)} ms (app) / ${fmt(d.p50)} ms (direct) = ${fmt(overhead, 2)}x (target <= ${TARGETS.action_overhead}x), ${fmt(a.p50 - d.p50)} ms added; errors app ${appR.failures.length}, direct ${directR.failures.length}`);
  reportFigures({
    suite: "load",
    counts: { server_errors: serverErrors },
    metrics: { action_overhead: Number(overhead.toFixed(3)) },
    rows: [
      [`load: ${MEMBERS} members x ${SECONDS} s, sandbox latency ${LATENCY_MS} ms`, `app ${a.count} ops (p50 ${fmt(a.p50)} / p95 ${fmt(a.p95)} ms), direct ${d.count} ops (p50 ${fmt(d.p50)} / p95 ${fmt(d.p95)} ms)`],
      ...rows,
      ["load: median added by the app", `${fmt(a.p50 - d.p50)} ms (${fmt(overhead, 2)}x)`],
      ["load: app CPU per operation", `${fmt((appR.cpuS * 1000) / Math.max(1, a.count), 1)} ms (${fmt(appR.cpuS, 1)} CPU s in ${fmt(appR.wallMs / 1000, 0)} s)`],
      ["load: errors app / direct", `${appR.failures.length} / ${directR.failures.length}`],
    ],
  });
  return errors > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
