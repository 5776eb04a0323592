// Hostile input, property-based (fast-check): every server action (every file under lib/actions/)
// and every guarded route handler with input gets at least 200 generated inputs — wholly wrong
// shapes, a valid input with one field replaced by a hostile string (10k+ characters, NUL and
// control characters, bidi/zero-width/emoji/lone surrogates, SQL/NoSQL/HTML/CSV-formula/path/CRLF/
// SCIM-filter injection, JSON in strings) or a value of the wrong type, fields left out or added,
// FormData with repeated keys. Called as the team's owner through the real guard, against a real
// Postgres and an in-process sandbox Okta org. Every answer: no throw, no INTERNAL, no 5xx; an
// input error is INVALID_INPUT naming the field; a refusal changes no business table and nothing in
// the org; no secret in any answer. Figures: reportFigures("hostile input").
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { actionExports, routeExports, type EntryPoint } from "../support/entry-points";
import { reportFigures } from "../verify/report";
import { applyDamage, damage, describeDamage, type Damage } from "./arbitraries";
import type { Verdict } from "./checks";
import { captureAppLogs } from "@/tests/support/captured-logs";

vi.mock("server-only", () => ({}));

const h = await import("./harness"); // first: starts the org and allows its origin before env() is read
const { ACTION_SPECS, ROUTE_SPECS } = await import("./specs");
const { checkActionAnswer, checkRouteAnswer } = await import("./checks");
const { formDataToObject } = await import("@/lib/auth/guard");
const { sessionCookieName } = await import("@/lib/auth/session-cookie");
const { setSessionTokenReaderForTests } = await import("@/lib/auth/request-session");
const { env } = await import("@/lib/env");

/** Generated inputs per action and per route (the issue asks for at least 200). */
const RUNS = 200;
// `npm test` replays the same 200 inputs per action (a red CI run is then a regression, not a new
// draw); `npm run verify` sets FC_SEED to a fresh random seed, so every verify run explores new
// inputs. A failure prints its seed and counterexample either way: FC_SEED=<seed> replays it.
const SEED = Number(process.env.FC_SEED ?? 20261129);

/** Every guarded action and route handler (the same enumeration as the authorization matrix). */
type Guarded = { name: string; fn: EntryPoint["fn"] };
const guarded = (entries: EntryPoint[]): Guarded[] => entries.flatMap((e) => (e.guard && typeof e.fn === "function" ? [{ name: e.guard.name, fn: e.fn }] : []));
const actions = guarded(await actionExports());
const routes = guarded(await routeExports());

/** Everything the app logged while answering (scanned for secrets at the end). */
const logged: string[] = [];
const asText = (v: unknown): string => {
  if (typeof v === "string") return v;
  if (v instanceof Error) return `${v.message}\n${v.stack ?? ""}\n${asText(v.cause ?? "")}`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};
for (const level of ["error", "warn", "log", "info"] as const) {
  const original = console[level].bind(console);
  vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
    logged.push(args.map(asText).join(" "));
    original(...args);
  });
}
captureAppLogs((line) => void logged.push(line));

const tally = { inputs: 0, serverErrors: 0, leaks: 0, refused: 0, accepted: 0, partialWrites: 0, logLeaks: 0, actions: 0, routes: 0 };
const failures: string[] = [];

function count(label: string, d: Damage, v: Verdict): void {
  tally.inputs += 1;
  if (v.serverError) tally.serverErrors += 1;
  tally.leaks += v.leaks;
  if (v.refused) tally.refused += 1;
  else tally.accepted += 1;
  if (v.problems.some((p) => p.startsWith("refused, but changed"))) tally.partialWrites += 1;
  if (v.problems.length > 0 && failures.length < 50) failures.push(`${label} ${describeDamage(d)}: ${v.problems.join("; ")}`);
}

/**
 * Snapshots around each call. The state after one call is the state before the next, unless the
 * spec's base() wrote to the database (then it is read again); the org's counter is always current.
 */
const snapshots = {
  last: undefined as Awaited<ReturnType<typeof h.snapshot>> | undefined,
  async before(spec: { writesBase?: boolean }) {
    const tables = !spec.writesBase && this.last ? this.last.tables : (await h.snapshot()).tables;
    return { tables, org: h.orgMutationCount() };
  },
  async after() {
    this.last = await h.snapshot();
    return this.last;
  },
};
let owner: Awaited<ReturnType<typeof h.fx.createUser>>;
beforeAll(async () => {
  owner = await h.fx.createUser("OWNER");
  h.SECRETS.push(owner.token); // a session token is a credential too
  h.fx.actAs(owner);
});

afterAll(async () => {
  setSessionTokenReaderForTests(async () => undefined);
  // The integration database is shared by the files that run after this one: leave no generated
  // connections (their authorizations and bulk jobs go with them) and no generated people.
  await h.db().connection.deleteMany({ where: { id: { notIn: h.connectionsAtStart } } });
  await h.fx.resetTeam();
  if (failures.length > 0) console.error(`[hostile input] first problems:\n${failures.join("\n")}`);
  reportFigures({
    suite: "hostile input",
    counts: { inputs: tally.inputs, server_errors: tally.serverErrors, leaks: tally.leaks },
    rows: [
      ["actions covered", `${tally.actions}/${actions.length}`],
      ["route handlers covered", `${tally.routes}/${routes.length}`],
      ["generated inputs per action/route", String(RUNS)],
      ["answers: refused / accepted", `${tally.refused} / ${tally.accepted}`],
      ["refusals that wrote anyway", String(tally.partialWrites)],
      ["log lines written / with a secret", `${logged.length} / ${tally.logLeaks}`],
    ],
  });
});

describe("hostile input: coverage", () => {
  it("has a spec for every server action and every guarded route handler", () => {
    expect(actions.length).toBeGreaterThanOrEqual(27);
    for (const a of actions) expect(ACTION_SPECS, `${a.name} has no hostile-input spec`).toHaveProperty([a.name]);
    for (const r of routes) expect(ROUTE_SPECS, `${r.name} has no hostile-input spec`).toHaveProperty([r.name]);
    expect(Object.keys(ACTION_SPECS).sort()).toEqual(actions.map((a) => a.name).sort());
    expect(Object.keys(ROUTE_SPECS).sort()).toEqual(routes.map((r) => r.name).sort());
  });
});

describe.each(actions.map((a) => [a.name, a] as const))("hostile input: action %s", (name, action) => {
  it(`answers ${RUNS} hostile inputs without a server error, a partial write or a leak`, async () => {
    const spec = ACTION_SPECS[name];
    if (!spec) throw new Error(`no spec for ${name}`);
    h.fx.actAs(owner);
    await fc.assert(
      // Also as useActionState calls it: (previousState, formData) — the guard reads the last argument.
      fc.asyncProperty(damage(spec.fields), fc.boolean(), async (d, viaActionState) => {
        const input = applyDamage(await spec.base(), d);
        const before = await snapshots.before(spec);
        const answer: { result?: unknown; thrown?: unknown } = {};
        try {
          answer.result = viaActionState ? await action.fn({ ok: true, data: "previous state" }, input) : await action.fn(input);
        } catch (error) {
          answer.thrown = error ?? "undefined thrown";
        }
        const after = await snapshots.after();
        const verdict = checkActionAnswer(spec, d, input instanceof FormData ? formDataToObject(input) : input, answer, h.changedBetween(before, after));
        count(name, d, verdict);
        expect(verdict.problems, describeDamage(d)).toEqual([]);
      }),
      { numRuns: RUNS, endOnFailure: true, seed: SEED },
    );
    tally.actions += 1;
  }, 300_000);
});

function routeRequest(pathname: string, input: unknown, d: Damage, token: string): Request {
  const url = new URL(pathname, "http://localhost");
  if (d.kind === "shape") {
    url.search = typeof input === "string" ? input : (JSON.stringify(input) ?? "");
  } else {
    const entries = input instanceof FormData ? [...input.entries()] : Object.entries((input ?? {}) as Record<string, unknown>);
    for (const [k, v] of entries) {
      for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, typeof one === "string" ? one : (JSON.stringify(one) ?? "undefined"));
    }
  }
  return new Request(url, { headers: { cookie: `${sessionCookieName(env().APP_URL)}=${token}` } });
}

describe.each(routes.map((r) => [r.name, r] as const))("hostile input: route %s", (name, route) => {
  it(`answers ${RUNS} hostile query strings without a 5xx, a partial write or a leak`, async () => {
    const spec = ROUTE_SPECS[name];
    if (!spec) throw new Error(`no spec for ${name}`);
    await fc.assert(
      fc.asyncProperty(damage(spec.fields), async (d) => {
        const request = routeRequest(spec.path, applyDamage(await spec.base(), d), d, owner.token);
        const before = await snapshots.before(spec);
        let verdict: Verdict;
        try {
          const response = (await route.fn(request, { params: Promise.resolve({}) })) as Response;
          verdict = await checkRouteAnswer(spec, d, new URL(request.url).searchParams, response, async () => h.changedBetween(before, await snapshots.after()));
        } catch (error) {
          snapshots.last = undefined;
          verdict = { problems: [`threw: ${error instanceof Error ? error.message : String(error)}`], serverError: true, leaks: 0, refused: true };
        }
        count(name, d, verdict);
        expect(verdict.problems, describeDamage(d)).toEqual([]);
      }),
      { numRuns: RUNS, endOnFailure: true, seed: SEED },
    );
    tally.routes += 1;
  }, 300_000);
});

describe("hostile input: logs", () => {
  it("logged no secret while answering (client secrets, tokens, keys, session tokens)", () => {
    const leaking = logged.filter((line) => h.leakedSecrets(line).length > 0);
    tally.logLeaks = leaking.length;
    tally.leaks += leaking.length;
    expect(leaking.map((l) => l.slice(0, 200))).toEqual([]);
  });

  it("lost no audit line and hid no server error in the logs", () => {
    // The realm operations log (and swallow) an audit insert that fails; the guard logs INTERNAL.
    expect(logged.filter((l) => /could not audit|\[guard\]/.test(l)).map((l) => l.slice(0, 200))).toEqual([]);
  });
});
