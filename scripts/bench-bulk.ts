// `npm run bench:bulk`: moves 3,000 users into a realm with the app's bulk job (pg-boss worker in a
// child process + Postgres governor + lib/okta client, on a real Postgres) against the sandbox org
// with the move endpoint's bucket at 1,200 requests/min and 150 ms latency; moves them back with a
// sequential @okta/okta-sdk-nodejs script; then repeats the app run with 10% injected 5xx and a
// kill -9 of the worker halfway; then previews a 10,000-line CSV (9,500 logins, 300 ids, 200 unknown,
// duplicates and mixed case) as the page does (service call + the worker's preview job) at Okta's
// Enterprise limits (user reads 1,000/min, user list 600/min, updates 600/min). The last two lines are
// machine-readable:
//   bulk: limit_ratio=<x> baseline_ratio=<y> failures=<n> http429=<n> faulted_moved_once=<yes|no>
//   preview: entries=<n> requests=<n> per_entry_requests=<n> seconds=<s> per_entry_seconds=<s> misclassified=<n> action_ms=<n> eta_error=<x>
// eta_error: the ETA the progress route reported at 10% of the clean move vs the time the rest took.
// Flags: --users=N (3000), --baseline-users=N (1000; --full-baseline for all), --skip-faulted, --preview-lines=N (10000).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { baselineMove } from "../bench/baseline";
import { openBenchDatabase } from "../bench/database";
import { createBulkPool } from "../lib/bulk/pool";
import { previewSelection } from "../lib/bulk/preview";
import { bulkProgress, previewBulkMove } from "../lib/bulk/service";
import { parseUserCsv } from "../lib/bulk/selection";
import { countItems, createPreviewJob, getJob, listItems, transition } from "../lib/bulk/store";
import { bulkAuditWriter } from "../lib/jobs/bulk-audit";
import { createConnection, storeAuthorization, createOpenIdRefresher, accessTokenProvider } from "../lib/connections";
import { createKeyring } from "../lib/crypto";
import { PrismaClient } from "../lib/generated/prisma/client";
import { createOktaClient } from "../lib/okta";
import { createPostgresGovernor } from "../lib/okta/postgres-governor";
import { startSandbox, type Sandbox } from "../sandbox";

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const USERS = Number(arg("users") ?? 3000);
const FULL_BASELINE = process.argv.includes("--full-baseline");
const BASELINE_USERS = FULL_BASELINE ? USERS : Math.min(USERS, Number(arg("baseline-users") ?? 1000));
const SKIP_FAULTED = process.argv.includes("--skip-faulted");
const LIMIT = 1200;
const LATENCY_MS = 150;
const MOVE_ENDPOINT = "POST /api/v1/users/:id";
const PREVIEW_LINES = Number(arg("preview-lines") ?? 10_000);
/** Okta's Enterprise per-minute limits (okta-facts §2.8), for the preview phase. */
const ENTERPRISE = { "user-get": 1000, "users-collection": 600, "user-write": 600 } as const;
/** Lookups the per-entry preview (one GET per entry, the code this replaced) ran at once. */
const PER_ENTRY_LANES = 8;

const log = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const fmt = (n: number, d = 2) => n.toFixed(d);

type Phase = { etaError: number | null; label: string; users: number; posts: number; http429: number; faults: number; failed: number; wallMs: number; endToEndMs: number; perMin: number; movedOnce: boolean };

async function main(): Promise<void> {
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const db = await openBenchDatabase();
    cleanups.unshift(db.stop);
    log(`database: ${db.description}`);

    // The move is POST /api/v1/users/{id}: the sandbox's "user-write" bucket (sandbox/http/rate-limit.ts).
    const sb = await startSandbox({ mode: "test", rateLimits: { buckets: { "user-write": LIMIT } }, latencyMs: LATENCY_MS });
    cleanups.unshift(() => sb.stop());
    log(`sandbox: ${sb.url}, bucket user-write (POST /api/v1/users/{id}) = ${LIMIT}/min, latency ${LATENCY_MS} ms, concurrency ${sb.control.rateLimits().concurrency}`);

    // Per-user count of move requests that reached the org's logic (past rate limits and injected faults).
    const applied = new Map<string, number>();
    const org = sb.org;
    const update = org.updateUser.bind(org);
    org.updateUser = (idOrLogin, input, replace) => {
      const user = update(idOrLogin, input, replace);
      if (input.realmId !== undefined) applied.set(user.id, (applied.get(user.id) ?? 0) + 1);
      return user;
    };

    const realm = (name: string) => sb.org.createRealm({ name, realmType: "DEFAULT" });
    const source = realm("Bench source");
    const target = realm("Bench target");
    sb.control.addUsers({ count: USERS, realmId: source.id, loginPattern: "bench{n}@bench.example" });
    log(`seeded ${USERS} users in "${source.profile.name}"`);

    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
    const pool = createBulkPool(db.url, 5);
    cleanups.unshift(() => Promise.all([pool.end(), prisma.$disconnect()]));
    const encryptionKey = randomBytes(32).toString("base64");
    const tokens = { db: prisma, keyring: createKeyring(encryptionKey), refreshTokens: createOpenIdRefresher({ devHttpOrigins: [sb.url] }) };
    const connectionId = await storedConnection(sb, tokens);

    let worker = spawnWorker(db.url, encryptionKey, sb.url);
    cleanups.unshift(() => stopWorker(worker));
    await waitReady(worker);

    // ---------- 1. the app's job ----------
    const clean = await runAppJob({ label: "app", sb, pool, tokens, connectionId, sourceId: source.id, targetId: target.id, targetName: target.profile.name, applied });
    report(clean);

    // ---------- 2. the baseline (okta-sdk-nodejs, sequential) ----------
    const moved = (await listItems(pool, clean.jobId, { limit: USERS, statuses: ["MOVED"] })).flatMap((i) => (i.userId ? [i.userId] : []));
    sb.control.resetCounters();
    if (BASELINE_USERS < USERS) {
      log(
        `baseline: moving ${BASELINE_USERS} of ${USERS} users back and extrapolating linearly (sequential calls at ${LATENCY_MS} ms each never reach the ` +
          `${LIMIT}/min limit, so the per-user time is constant); all ${USERS} would take ~${fmt((USERS * (LATENCY_MS + 5)) / 60_000, 1)} min, over the ` +
          `bench's 10-minute budget. Run with --full-baseline to move all of them.`,
      );
    } else log(`baseline: moving all ${USERS} users back`);
    const base = await baselineMove(sb.url, sb.apiToken, moved.slice(0, BASELINE_USERS), source.id);
    const baseCounters = sb.control.counters();
    const basePerMin = base.moved / (base.wallMs / 60_000);
    const baseWallFull = BASELINE_USERS < USERS ? (base.wallMs * USERS) / BASELINE_USERS : base.wallMs;
    log(
      `baseline: ${base.moved} moved, ${base.failures} failures, ${baseCounters.rateLimited} x 429, wall ${fmt(base.wallMs / 1000, 1)} s` +
        `${BASELINE_USERS < USERS ? ` (extrapolated to ${USERS}: ${fmt(baseWallFull / 1000, 1)} s)` : ""}, ${fmt(basePerMin, 0)} req/min = ${fmt(basePerMin / LIMIT)} of the limit`,
    );
    const baselineRatio = clean.perMin / basePerMin;
    log(`app/baseline: ${fmt(baselineRatio)}x (app ${fmt(clean.perMin, 0)} req/min, wall ${fmt(clean.wallMs / 1000, 1)} s vs baseline ${fmt(baseWallFull / 1000, 1)} s for ${USERS})`);

    // ---------- 3. the app's job with 10% 5xx and a kill -9 halfway ----------
    let faulted: Phase | null = null;
    if (!SKIP_FAULTED) {
      const fSource = realm("Fault source");
      const fTarget = realm("Fault target");
      sb.control.addUsers({ count: USERS, realmId: fSource.id, loginPattern: "fault{n}@bench.example" });
      sb.control.setFaults([{ method: "POST", pathPrefix: "/api/v1/users/", errorRate: 0.1, errorStatus: 503 }]);
      log(`faulted run: ${USERS} new users in "${fSource.profile.name}", 10% of moves answered 503, worker killed with SIGKILL at 50%`);
      faulted = await runAppJob({
        label: "app (5xx + kill -9)",
        sb,
        pool,
        tokens,
        connectionId,
        sourceId: fSource.id,
        targetId: fTarget.id,
        targetName: fTarget.profile.name,
        applied,
        onProgress: async (done) => {
          if (done < USERS / 2 || worker.exitCode !== null || worker.signalCode !== null) return false;
          log(`kill -9 worker pid ${worker.pid ?? "?"} at ${done}/${USERS}`);
          worker.kill("SIGKILL");
          await new Promise<void>((r) => (worker.exitCode !== null || worker.signalCode !== null ? r() : worker.once("exit", () => r())));
          worker = spawnWorker(db.url, encryptionKey, sb.url);
          await waitReady(worker);
          log(`new worker pid ${worker.pid ?? "?"} started; it resumes once the dead worker's lease lapses`);
          return true;
        },
      });
      sb.control.clearFaults();
      report(faulted);
    }

    // ---------- 4. the preview job at Enterprise limits ----------
    const preview = await runPreviewPhase({ sb, pool, tokens, prisma, connectionId });

    // Stopped before the summary so its log lines can't come after the machine-readable last line.
    await stopWorker(worker);
    const failures = clean.failed + base.failures + (faulted?.failed ?? 0);
    const http429 = clean.http429 + baseCounters.rateLimited + (faulted?.http429 ?? 0);
    log("");
    log(`summary: app ${fmt(clean.perMin, 0)} req/min (${fmt(clean.perMin / LIMIT, 3)} of ${LIMIT}), baseline ${fmt(basePerMin, 0)} req/min, ratio ${fmt(baselineRatio)}x`);
    log(`bulk: limit_ratio=${fmt(clean.perMin / LIMIT, 3)} baseline_ratio=${fmt(baselineRatio)} failures=${failures} http429=${http429} faulted_moved_once=${faulted ? (faulted.movedOnce ? "yes" : "no") : "skipped"}`);
    log(
      `preview: entries=${preview.entries} requests=${preview.requests} per_entry_requests=${preview.perEntryRequests} seconds=${fmt(preview.seconds, 1)} ` +
        `per_entry_seconds=${fmt(preview.perEntrySeconds, 1)} misclassified=${preview.misclassified} action_ms=${Math.round(preview.actionMs)} ` +
        `eta_error=${clean.etaError === null ? "n/a" : fmt(clean.etaError, 3)}`,
    );
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((e: unknown) => console.error(`cleanup: ${String(e)}`));
  }
}

type RunInput = {
  label: string;
  sb: Sandbox;
  pool: ReturnType<typeof createBulkPool>;
  tokens: Parameters<typeof accessTokenProvider>[0];
  connectionId: string;
  sourceId: string;
  targetId: string;
  targetName: string;
  applied: Map<string, number>;
  /** Called with the done count about every half second; true once it acted (called no more). */
  onProgress?: (done: number) => Promise<boolean>;
};

async function runAppJob(input: RunInput): Promise<Phase & { jobId: string }> {
  const { sb, pool } = input;
  // The preview, as the page runs it (the same governor and client; GET /api/v1/users pages).
  const client = createOktaClient({
    origin: sb.url,
    getAccessToken: accessTokenProvider(input.tokens, input.connectionId),
    governor: createPostgresGovernor({ pool }),
  });
  const previewStarted = performance.now();
  const targetRealm = await client.realms.get(input.targetId);
  const preview = await previewSelection(client, { kind: "realm", realmId: input.sourceId }, targetRealm);
  const willMove = preview.items.filter((i) => i.status === "PENDING").length;
  log(`${input.label}: preview of ${preview.items.length} users in ${fmt((performance.now() - previewStarted) / 1000, 1)} s: ${willMove} will move`);
  const jobId = await createPreviewJob(pool, {
    connectionId: input.connectionId,
    targetRealmId: input.targetId,
    targetRealmName: input.targetName,
    selectionKind: "realm",
    selectionSummary: "bench",
    // Nothing else uses this org during the bench, so the job may use the whole budget.
    maxApiCapacity: 100,
    lanes: 16,
    createdById: null,
    createdByEmail: null,
    items: preview.items,
  });
  for (const item of preview.items) if (item.userId) input.applied.delete(item.userId);
  sb.control.resetCounters();
  const queuedAt = performance.now();
  await transition(pool, jobId, ["PREVIEW"], "QUEUED");

  let acted = false;
  let lastLog = 0;
  // The ETA the page would show once 10% of the users are done, and when that was (database clock, as the job's finishedAt).
  let eta10: { etaSeconds: number; atMs: number } | null = null;
  for (;;) {
    await sleep(500);
    const job = await getJob(pool, jobId);
    const counts = await countItems(pool, jobId);
    const done = counts.MOVED + counts.FAILED;
    if (performance.now() - lastLog > 15_000) {
      lastLog = performance.now();
      log(`${input.label}: ${job?.status ?? "?"} moved ${counts.MOVED} failed ${counts.FAILED} remaining ${counts.PENDING + counts.IN_FLIGHT} (${fmt((performance.now() - queuedAt) / 1000, 0)} s)`);
    }
    if (!acted && input.onProgress) acted = await input.onProgress(done);
    if (eta10 === null && done >= willMove / 10 && job?.status === "RUNNING") {
      const progress = await bulkProgress({ pool, tokens: input.tokens }, input.connectionId, jobId);
      const now = await pool.query<{ ms: string }>(`SELECT (EXTRACT(EPOCH FROM now()) * 1000)::bigint AS ms`);
      if (progress.etaSeconds !== null) eta10 = { etaSeconds: progress.etaSeconds, atMs: Number(now.rows[0]?.ms) };
      log(`${input.label}: at ${progress.counts.MOVED}/${willMove} moved the page says rate ${progress.ratePerMinute ?? "?"}/min, ETA ${progress.etaSeconds ?? "?"} s`);
    }
    if (job && (job.status === "COMPLETED" || job.status === "CANCELLED" || job.status === "FAILED" || job.status === "PAUSED")) break;
  }
  const endToEndMs = performance.now() - queuedAt;
  const job = await getJob(pool, jobId);
  const counts = await countItems(pool, jobId);
  const counters = sb.control.counters();
  const posts = counters.requests[MOVE_ENDPOINT] ?? 0;
  const wallMs = job?.startedAt && job.finishedAt ? job.finishedAt.getTime() - job.startedAt.getTime() : endToEndMs;
  const ids = preview.items.filter((i) => i.status === "PENDING" && i.userId).map((i) => i.userId ?? "");
  const inTarget = ids.filter((id) => sb.org.requireUser(id).realmId === input.targetId).length;
  const onceEach = ids.every((id) => input.applied.get(id) === 1);
  log(
    `${input.label}: job ${job?.status ?? "?"}; items moved ${counts.MOVED}, failed ${counts.FAILED}, other ${counts.SKIPPED + counts.BLOCKED + counts.NOT_FOUND + counts.CANCELLED}; ` +
      `in the target realm ${inTarget}/${ids.length}; move requests applied by the org exactly once per user: ${onceEach ? "yes" : "no"} ` +
      `(max ${Math.max(0, ...ids.map((id) => input.applied.get(id) ?? 0))}); statuses ${JSON.stringify(counters.statuses)}`,
  );
  const restMs = eta10 && job?.finishedAt ? job.finishedAt.getTime() - eta10.atMs : null;
  if (eta10 && restMs !== null) log(`${input.label}: ETA at 10% ${eta10.etaSeconds} s; the rest took ${fmt(restMs / 1000, 1)} s`);
  return {
    etaError: eta10 && restMs !== null && restMs > 0 ? Math.abs(eta10.etaSeconds * 1000 - restMs) / restMs : null,
    jobId,
    label: input.label,
    users: ids.length,
    posts,
    http429: counters.rateLimited,
    faults: counters.faultsInjected,
    failed: counts.FAILED,
    wallMs,
    endToEndMs,
    perMin: posts / (wallMs / 60_000),
    movedOnce: job?.status === "COMPLETED" && counts.MOVED === ids.length && inTarget === ids.length && onceEach,
  };
}

type PreviewPhase = { entries: number; requests: number; perEntryRequests: number; seconds: number; perEntrySeconds: number; misclassified: number; actionMs: number };

async function runPreviewPhase(input: {
  sb: Sandbox;
  pool: ReturnType<typeof createBulkPool>;
  tokens: Parameters<typeof accessTokenProvider>[0] & { db: PrismaClient };
  prisma: PrismaClient;
  connectionId: string;
}): Promise<PreviewPhase> {
  const { sb, pool } = input;
  sb.control.setRateLimits({ buckets: ENTERPRISE });
  const source = sb.org.createRealm({ name: "Preview source", realmType: "DEFAULT" });
  const target = sb.org.createRealm({ name: "Preview target", realmType: "DEFAULT" });
  // 9,500 login lines (50 of them the same user again in other case, every 20th in capitals), 300 id
  // lines (10 naming users also listed by login), 200 logins nobody has.
  const loginLines = 9_500 * (PREVIEW_LINES / 10_000);
  const idLines = 300 * (PREVIEW_LINES / 10_000);
  const unknownLines = PREVIEW_LINES - loginLines - idLines;
  const distinctLogins = loginLines - 50;
  sb.control.addUsers({ count: distinctLogins + idLines, realmId: source.id, loginPattern: "pv{n}@bench.example" });
  const users = [...sb.org.users.byId.values()].filter((u) => u.realmId === source.id);
  const login = (n: number) => String(users[n]?.profile.login);
  const lines: string[] = [];
  for (let n = 0; n < distinctLogins; n++) lines.push(n % 20 === 7 ? login(n).toUpperCase() : login(n));
  for (let n = 0; n < 50; n++) lines.push(login(n * 31).replace(/^pv/, "PV"));
  for (let n = 0; n < idLines; n++) lines.push(String(n < 10 ? users[n * 97]?.id : users[distinctLogins + n]?.id));
  for (let n = 0; n < unknownLines; n++) lines.push(`nobody${n}@bench.example`);
  const csv = ["login", ...lines].join("\n");
  log(`preview: ${lines.length}-line CSV (${loginLines} logins incl. 50 repeated in other case, ${idLines} ids, ${unknownLines} unknown) into "${target.profile.name}"; limits ${JSON.stringify(ENTERPRISE)}/min, latency ${LATENCY_MS} ms`);

  // Measured latency of one user read, for the per-entry plan.
  const client = createOktaClient({ origin: sb.url, getAccessToken: accessTokenProvider(input.tokens, input.connectionId) });
  const t0 = performance.now();
  await client.users.get(login(0));
  const latencyMs = performance.now() - t0;

  sb.control.resetCounters();
  const deps = { pool, tokens: input.tokens, domainRules: { devHttpOrigins: [sb.url] }, audit: bulkAuditWriter(input.prisma) };
  const actionStarted = performance.now();
  // What the server action does: parse the CSV, save the job, queue it (the worker's monitor picks it up).
  const { entries } = parseUserCsv(csv);
  const queued = await previewBulkMove(deps, {
    connectionId: input.connectionId,
    targetRealmId: target.id,
    selection: { kind: "csv", entries, summary: "bench.csv" },
    selectionSummary: `bench.csv (${entries.length} entries)`,
    maxApiCapacity: 100,
    actor: { id: null, email: null },
  });
  const actionMs = performance.now() - actionStarted;
  const queuedAt = performance.now();
  let lastLog = 0;
  for (;;) {
    await sleep(250);
    const job = await getJob(pool, queued.jobId);
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      const c = await countItems(pool, queued.jobId);
      log(`preview: ${job?.status ?? "?"} resolved ${Object.values(c).reduce((a, b) => a + b, 0) - c.UNRESOLVED}/${queued.entries}, ${job?.previewRequests ?? 0} requests (${fmt((performance.now() - queuedAt) / 1000, 0)} s)`);
    }
    if (job && job.status !== "RESOLVING") break;
  }
  const seconds = (performance.now() - queuedAt) / 1000;
  const job = await getJob(pool, queued.jobId);
  const counters = sb.control.counters();
  const requests = Object.values(counters.requests).reduce((a, b) => a + b, 0);

  // Checked against the org's own records: the user each entry names (login case-insensitively, or
  // id), the first entry naming a user keeps it, nobody in the target realm yet.
  const items = await listItems(pool, queued.jobId, { limit: PREVIEW_LINES + 1 });
  const claimed = new Set<string>();
  let misclassified = 0;
  for (const item of items) {
    const truth = sb.org.findUser(item.input);
    let expected: { status: string; userId: string | null };
    if (!truth) expected = { status: "NOT_FOUND", userId: null };
    else if (claimed.has(truth.id)) expected = { status: "SKIPPED", userId: null };
    else {
      claimed.add(truth.id);
      expected = { status: truth.realmId === target.id ? "SKIPPED" : "PENDING", userId: truth.id };
    }
    if (item.status !== expected.status || item.userId !== expected.userId) misclassified++;
  }
  if (items.length !== entries.length) misclassified += Math.abs(entries.length - items.length);

  // The per-entry plan (the code this replaced: one GET /api/v1/users/{login} per entry, 8 at a time,
  // after the realm read), derived from the user-read limit and the latency measured above: the
  // limit binds when 8 lanes at this latency could go faster.
  const perEntryRequests = entries.length + 1;
  const perEntrySeconds = Math.max(entries.length / (ENTERPRISE["user-get"] / 60), (entries.length * latencyMs) / 1000 / PER_ENTRY_LANES);
  log(
    `preview: job ${job?.status ?? "?"} in ${fmt(seconds, 1)} s (${job?.previewRequests ?? 0} requests counted by the job, ${requests} answered by the org: ${JSON.stringify(counters.requests)}; ` +
      `429s ${counters.rateLimited}); counts ${JSON.stringify(await countItems(pool, queued.jobId))}; per-entry plan derived: ${perEntryRequests} requests, ` +
      `${fmt(perEntrySeconds, 1)} s at ${ENTERPRISE["user-get"]}/min (measured latency ${fmt(latencyMs, 0)} ms)`,
  );
  return { entries: lines.length, requests, perEntryRequests, seconds, perEntrySeconds, misclassified, actionMs };
}

function report(p: Phase): void {
  log(
    `${p.label}: ${p.posts} move requests in ${fmt(p.wallMs / 1000, 1)} s (job start to finish; ${fmt(p.endToEndMs / 1000, 1)} s from queueing) = ` +
      `${fmt(p.perMin, 0)} req/min = ${fmt(p.perMin / LIMIT, 3)} of the limit; 429s ${p.http429}, injected 5xx ${p.faults}, failures ${p.failed}`,
  );
}

async function storedConnection(sb: Sandbox, tokens: Parameters<typeof createConnection>[0]): Promise<string> {
  const scopes = ["okta.users.read", "okta.users.manage", "okta.realms.read"];
  const app = sb.seeded.connectorApp;
  const created = await createConnection(tokens, {
    nickname: "bench",
    oktaDomain: sb.url.replace(/^http:\/\//, ""),
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    requestedScopes: ["openid", "offline_access", ...scopes],
    createdById: null,
  });
  const accessToken = sb.control.mintAccessToken({ scopes, ttlSeconds: 4 * 3600 });
  await storeAuthorization(tokens, created.id, {
    tokenSet: { accessToken, tokenType: "Bearer", expiresAt: new Date(Date.now() + 4 * 3_600_000), scope: scopes },
    authorizedSub: sb.seeded.admin.id,
    authorizedLogin: sb.seeded.admin.login,
    actor: null,
  });
  return created.id;
}

function spawnWorker(databaseUrl: string, encryptionKey: string, orgUrl: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "../bench/worker.ts")], {
    env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_ENCRYPTION_KEY: encryptionKey, BENCH_ORG_URL: orgUrl },
    stdio: ["ignore", "pipe", "inherit"],
  });
  child.stdout?.setEncoding("utf8");
  return child;
}

function waitReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout?.on("data", (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line === "ready") resolve();
        else if (line.trim() !== "") console.log(line);
      }
    });
    child.once("exit", (code, signal) => reject(new Error(`worker exited before it was ready (${code ?? signal ?? "?"})`)));
  });
}

function stopWorker(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
