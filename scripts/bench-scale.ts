// `npm run bench:scale`: does a page cost the same with a lot behind it? Against the REAL app
// (bench/app-server.ts: scripts/start.ts on a throwaway bench database, with its sandbox Okta org):
//   1. /connections at 10 and at 1,000 connections: 6 alternations of 5 GETs each side after
//      warm-ups (session cookie, full body read) → median and p95 of 30 per side;
//   2. the realm users listing the UI opens with (/api/realms/users, resultSet=first200) on a realm
//      of 50 users and on one of 50,000 (30 GETs each after 5 warm-ups);
//   3. the Next server's RSS (/proc/<pid>/status every 100 ms) while ALL 50,000 users stream;
//   4. the connections page's SQL at 1,000 connections, EXPLAIN ANALYZEd: rows returned per statement.
// Targets: both ratios (median large / median small) within verify's TARGETS for page_ratio_*
// (scripts/verify/aggregate.ts), no statement returning more than a page, every user streamed.
// Prints a table, reports the figures (tests/verify/report.ts) and exits 1 when a check or a
// target fails. Flags: --port=N (3460), --echo (the app's output).
import { startBenchApp, type BenchApp } from "../bench/app-server";
import { readListing } from "../bench/scale/ndjson";
import { checkConnectionPageQueries, type StatementCheck } from "../bench/scale/query-check";
import { sampleRssDuring } from "../bench/scale/rss";
import { connectionToggle, realmWithUsers, seedConnections } from "../bench/scale/seed";
import { ms, sample, summarize, timedGet, type Samples, type Series, type Timed } from "../bench/scale/timing";
import { CONNECTION_PAGE_SIZE, CONNECTION_SORTS } from "../lib/connections";
import { createKeyring } from "../lib/crypto";
import { reportFigures } from "../tests/verify/report";
import { TARGETS } from "./verify/aggregate";

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const PORT = Number(arg("port") ?? 3460);
const SMALL = { connections: 10, users: 50 };
const LARGE = { connections: 1000, users: 50_000 };
/** Connections: CYCLES × perCycle requests per side; users: `sequential` per side. */
const CYCLES = 6;
const RUNS = { warmup: 5, rewarm: 2, perCycle: 5, sequential: 30 };

const log = (line: string) => console.log(`[scale] ${line}`);
const count = (n: number) => n.toLocaleString("en-US");
const failures: string[] = [];
let serverErrors = 0;

function expect(ok: boolean, what: string): void {
  if (!ok) failures.push(what);
}

/** Every measured response: a 5xx is counted for verify; any other surprise fails the bench. */
function statusOk(r: { status: number }, what: string): void {
  if (r.status >= 500) serverErrors += 1;
  if (r.status !== 200) throw new Error(`${what}: HTTP ${r.status}`);
}

/** The connections page shows `rows` table rows and says which of `total` they are. */
function connectionsPageCheck(rows: number, total: number) {
  const range = `Showing 1–${count(rows)} of ${count(total)}`;
  return (r: Timed) => {
    statusOk(r, "/connections");
    const cards = r.body.split(" data-row-id=").length - 1;
    if (cards !== rows) throw new Error(`/connections showed ${cards} connections, expected ${rows}`);
    if (!r.body.includes(range)) throw new Error(`/connections does not say "${range}"`);
  };
}

/** The listing's body: one page line with `rows` users, then done. */
function firstPageCheck(rows: number) {
  return (r: Timed) => {
    statusOk(r, "/api/realms/users");
    const lines = r.body.trim().split("\n").map((l) => JSON.parse(l) as { type: string; items?: unknown[]; total?: number });
    const received = lines.reduce((sum, l) => sum + (l.items?.length ?? 0), 0);
    if (received !== rows || lines.at(-1)?.type !== "done") throw new Error(`first page: ${received} users and "${lines.at(-1)?.type}", expected ${rows} and "done"`);
  };
}

const usersUrl = (app: BenchApp, connectionId: string, realmId: string, resultSet: "first200" | "all") =>
  `${app.url}/api/realms/users?${new URLSearchParams({ connectionId, realmId, resultSet }).toString()}`;

const describe = (s: Series) => `median ${ms(s.median)}, p95 ${ms(s.p95)}, app CPU ${ms(s.cpuMsPerRequest)}/request (n=${s.n}, ${count(s.bytes)} bytes)`;

async function main(): Promise<number> {
  const started = Date.now();
  log("starting the app (builds first when sources changed)…");
  const app = await startBenchApp({ port: PORT, dataDir: ".data/bench-scale", distDir: process.env.NEXT_DIST_DIR || ".next", env: { BULK_WORKER: "off" }, echo: process.argv.includes("--echo") });
  const ready = Date.now();
  log(`app ready in ${((ready - started) / 1000).toFixed(0)}s at ${app.url} (Next pid ${app.nextPid}); database: ${app.database.description}`);
  try {
    const [admin] = await app.signIn(1, "ADMIN");
    if (!admin) throw new Error("no member signed in");
    const deps = { db: app.db, keyring: createKeyring(app.encryptionKey) };
    // Okta's users-collection limit (600/min) would pace the 250-page stream and mix rate limiting
    // into the timings; this bench measures the app.
    await app.sandbox.setRateLimits({ buckets: { "users-collection": 100_000 } });

    // ── the connections page at 10 and at 1,000 connections, alternating between the two several
    // times (the same rows hidden and restored), so a change in the machine's load hits both sides.
    const sandboxConnection = await app.storeConnection({ scopes: ["okta.realms.read", "okta.users.read"], nickname: "Scale sandbox org" });
    await seedConnections(deps, { from: 1, count: SMALL.connections - 1, createdById: admin.userId });
    let t = Date.now();
    const extra = await seedConnections(deps, { from: SMALL.connections, count: LARGE.connections - SMALL.connections, createdById: admin.userId });
    log(`seeded ${count(LARGE.connections)} connections in ${((Date.now() - t) / 1000).toFixed(1)}s`);
    const toggle = await connectionToggle(app.db, extra);
    const connectionsUrl = `${app.url}/connections`;
    const small: Samples[] = [];
    const large: Samples[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const warmup = cycle === 0 ? RUNS.warmup : RUNS.rewarm;
      await toggle.hide();
      small.push(await sample(connectionsUrl, admin.cookie, { warmup, n: RUNS.perCycle, pid: app.nextPid, check: connectionsPageCheck(SMALL.connections, SMALL.connections) }));
      await toggle.show();
      large.push(await sample(connectionsUrl, admin.cookie, { warmup, n: RUNS.perCycle, pid: app.nextPid, check: connectionsPageCheck(CONNECTION_PAGE_SIZE, LARGE.connections) }));
    }
    const connectionsSmall = summarize(small);
    const connectionsLarge = summarize(large);
    log(`/connections at ${SMALL.connections}: ${describe(connectionsSmall)}`);
    log(`/connections at ${count(LARGE.connections)}: ${describe(connectionsLarge)}`);

    // ── the realm users listing's first page, on a realm of 50 and then one of 50,000. Not
    // alternated: the sandbox finds a realm's users by scanning the org in creation order, so once
    // 50,000 users exist, the 50-user realm would measure the sandbox's scan, not the app.
    const smallRealm = await realmWithUsers(app.sandbox, `Scale ${SMALL.users}`, SMALL.users);
    const usersSmall = summarize([
      await sample(usersUrl(app, sandboxConnection.id, smallRealm, "first200"), admin.cookie, { warmup: RUNS.warmup, n: RUNS.sequential, pid: app.nextPid, check: firstPageCheck(SMALL.users) }),
    ]);
    log(`realm users (first page) at ${SMALL.users}: ${describe(usersSmall)}`);
    t = Date.now();
    const largeRealm = await realmWithUsers(app.sandbox, `Scale ${LARGE.users}`, LARGE.users);
    log(`added ${count(LARGE.users)} users to a realm in ${((Date.now() - t) / 1000).toFixed(1)}s`);
    const usersLarge = summarize([
      await sample(usersUrl(app, sandboxConnection.id, largeRealm, "first200"), admin.cookie, { warmup: RUNS.warmup, n: RUNS.sequential, pid: app.nextPid, check: firstPageCheck(200) }),
    ]);
    log(`realm users (first page) at ${count(LARGE.users)}: ${describe(usersLarge)}`);

    // One first page is one Okta request (limit=200), whatever the realm's size.
    await app.sandbox.resetCounters();
    firstPageCheck(200)(await timedGet(usersUrl(app, sandboxConnection.id, largeRealm, "first200"), admin.cookie));
    const oktaRequests = (await app.sandbox.requestCount("/api/v1/users")).requests;
    expect(oktaRequests === 1, `the first page of realm users made ${oktaRequests} Okta requests to /api/v1/users (expected 1)`);

    // ── memory while ALL 50,000 users stream
    const { result: streamed, rss } = await sampleRssDuring(app.nextPid, () => readListing(usersUrl(app, sandboxConnection.id, largeRealm, "all"), admin.cookie));
    statusOk(streamed, "/api/realms/users?resultSet=all");
    log(`streamed ${count(streamed.rows)} users in ${streamed.pages} pages, ${(streamed.ms / 1000).toFixed(1)}s; Next RSS ${rss.baselineMb.toFixed(0)} → peak ${rss.peakMb.toFixed(0)} MB`);
    expect(streamed.rows === LARGE.users && streamed.end?.type === "done", `streaming all users received ${streamed.rows} rows, ending "${streamed.end?.type ?? "nothing"}"`);

    // ── the connections page's SQL at 1,000 connections
    const statements: StatementCheck[] = await checkConnectionPageQueries(app.database.url);
    for (const s of statements) log(`SQL ${s.page} ${s.kind}: returned ${s.rowsReturned}, read ${s.rowsRead}, ${s.bounded ? "bounded" : "UNBOUNDED"}, ${s.planMs.toFixed(2)} ms: ${s.sql}`);
    const maxReturned = Math.max(...statements.map((s) => s.rowsReturned));
    const maxRowsRead = Math.max(...statements.filter((s) => s.kind === "rows").map((s) => s.rowsRead));
    expect(statements.length > 0 && statements.every((s) => s.bounded && s.rowsReturned <= CONNECTION_PAGE_SIZE + 1), `a connections-page statement returned more than a page (max ${maxReturned} rows) or had no bound`);

    const ratioConnections = connectionsLarge.median / connectionsSmall.median;
    const ratioUsers = usersLarge.median / usersSmall.median;
    expect(ratioConnections <= TARGETS.page_ratio_connections, `connections page ratio ${ratioConnections.toFixed(2)} > ${TARGETS.page_ratio_connections}`);
    expect(ratioUsers <= TARGETS.page_ratio_users, `realm users page ratio ${ratioUsers.toFixed(2)} > ${TARGETS.page_ratio_users}`);

    const rows: [string, string][] = [
      [`connections page, ${SMALL.connections} vs ${count(LARGE.connections)}`, `${ms(connectionsSmall.median)} vs ${ms(connectionsLarge.median)} median (${ratioConnections.toFixed(2)}x); p95 ${ms(connectionsSmall.p95)} vs ${ms(connectionsLarge.p95)}; app CPU ${ms(connectionsSmall.cpuMsPerRequest)} vs ${ms(connectionsLarge.cpuMsPerRequest)}; ${CYCLES} alternations`],
      [`realm users first page, ${SMALL.users} vs ${count(LARGE.users)}`, `${ms(usersSmall.median)} vs ${ms(usersLarge.median)} median (${ratioUsers.toFixed(2)}x); p95 ${ms(usersSmall.p95)} vs ${ms(usersLarge.p95)}; app CPU ${ms(usersSmall.cpuMsPerRequest)} vs ${ms(usersLarge.cpuMsPerRequest)}; ${oktaRequests} Okta request per first page`],
      [
        `streaming all ${count(LARGE.users)} users (Next RSS)`,
        `baseline ${rss.baselineMb.toFixed(0)} MB, peak ${rss.peakMb.toFixed(0)} MB, delta ${rss.deltaMb.toFixed(0)} MB; ${count(streamed.rows)} rows in ${streamed.pages} pages, ${(streamed.ms / 1000).toFixed(1)}s, ${(streamed.bytes / 1e6).toFixed(1)} MB`,
      ],
      [`connections page SQL at ${count(LARGE.connections)}`, `${statements.length} statements (2 pages in each of ${CONNECTION_SORTS.length * 2} orders), max ${maxReturned} rows returned and ${maxRowsRead} read by a rows statement, all bounded`],
    ];
    console.log("\nscale");
    const width = Math.max(...rows.map(([label]) => label.length));
    for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
    console.log(`  ${"run time".padEnd(width)}  ${((Date.now() - ready) / 1000).toFixed(0)}s after the app was ready (start ${((ready - started) / 1000).toFixed(0)}s)`);

    reportFigures({ suite: "scale", counts: { server_errors: serverErrors }, metrics: { page_ratio_connections: round(ratioConnections), page_ratio_users: round(ratioUsers) }, rows });
    for (const failure of failures) console.log(`scale: FAILED: ${failure}`);
    console.log(`scale: page_ratio_connections=${ratioConnections.toFixed(2)} page_ratio_users=${ratioUsers.toFixed(2)} stream_rss_delta_mb=${rss.deltaMb.toFixed(0)} rows_streamed=${streamed.rows} server_errors=${serverErrors}`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    await app.stop();
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

main()
  .catch((error: unknown) => {
    console.error(`scale: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  })
  .then((code) => process.exit(code));
