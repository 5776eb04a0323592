// The authorization matrix: every exported server action (every file under lib/actions/) and every
// route handler (every app/**/route.ts) is called as anonymous, a signed-in non-member, viewer,
// operator, admin and owner, through the real guard (session row → membership → permission map →
// input → handler). Allowed callers must succeed (and the effect must happen); everyone else must
// be refused with UNAUTHENTICATED/FORBIDDEN (401/403), leave no effect, and leave a DENIED audit event.
// Adding an action or route without a row fails the first test.
//
// Rows: the member rows are below; each area adds its own in tests/authorization/<area>.rows.ts,
// exporting `ACTION_ROWS` and/or `ROUTE_ROWS` (same shapes as ActionRow/RouteRow here). Those files
// are imported first, before anything reads env(), so they may start a sandbox org and extend
// DEV_OKTA_HTTP_ORIGINS. A name defined twice fails.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/generated/prisma/enums";
import { actionExports, importFile, root, routeExports, routeFiles, ROUTES_NOT_GUARDED, type EntryPoint } from "../support/entry-points";

vi.mock("server-only", () => ({}));

const rowsDir = "tests/authorization";
const rowModules: { file: string; module: Record<string, unknown> }[] = [];
for (const name of existsSync(path.join(root, rowsDir)) ? readdirSync(path.join(root, rowsDir)).filter((f) => f.endsWith(".rows.ts")).sort() : []) {
  rowModules.push({ file: `${rowsDir}/${name}`, module: await importFile(`${rowsDir}/${name}`) });
}

const { sessionCookieName } = await import("@/lib/auth/session-cookie");
const { setSessionTokenReaderForTests } = await import("@/lib/auth/request-session");
const { db } = await import("@/lib/db");
const { env } = await import("@/lib/env");
const fx = await import("../support/team-fixtures");
type Callers = Awaited<ReturnType<typeof fx.createCallers>>;

// ---------- the matrix (the specification) ----------

/** A scenario: what to call with, and whether its effect happened. Built fresh for every caller. */
type ActionCase = { input: unknown; happened: () => Promise<boolean> };
type ActionRow = { allowed: Role[]; setup: (callers: Callers) => Promise<ActionCase> };

async function viewerTarget() {
  return fx.createUser("VIEWER", fx.uniqueEmail("target"));
}

const ACTIONS: Record<string, ActionRow> = {
  "member.invite": {
    allowed: ["OWNER", "ADMIN"],
    setup: async () => {
      const email = fx.uniqueEmail("invitee");
      return { input: { email, role: "OPERATOR" }, happened: async () => (await db().invitation.count({ where: { email } })) === 1 };
    },
  },
  "member.invitation_revoke": {
    allowed: ["OWNER", "ADMIN"],
    setup: async () => {
      const invitation = await db().invitation.create({ data: { email: fx.uniqueEmail("pending"), role: "VIEWER" } });
      return { input: { invitationId: invitation.id }, happened: async () => (await db().invitation.count({ where: { id: invitation.id } })) === 0 };
    },
  },
  "member.role_change": {
    allowed: ["OWNER"],
    setup: async () => {
      const target = await viewerTarget();
      return {
        input: { membershipId: target.membershipId, role: "OPERATOR" },
        happened: async () => (await db().membership.findUnique({ where: { userId: target.userId } }))?.role === "OPERATOR",
      };
    },
  },
  "member.remove": {
    allowed: ["OWNER"],
    setup: async () => {
      const target = await viewerTarget();
      return { input: { membershipId: target.membershipId }, happened: async () => (await db().membership.count({ where: { userId: target.userId } })) === 0 };
    },
  },
};

type RouteRow = { allowed: Role[]; request: () => Request };

const ROUTES: Record<string, RouteRow> = {
  "audit.export": { allowed: ["OWNER", "ADMIN"], request: () => new Request("http://localhost/api/audit?limit=5") },
};

function mergeRows<T>(into: Record<string, T>, rows: unknown, file: string): void {
  if (rows === undefined) return;
  for (const [name, row] of Object.entries(rows as Record<string, T>)) {
    if (name in into) throw new Error(`${file} defines the matrix row ${name} again`);
    into[name] = row;
  }
}
for (const { file, module } of rowModules) {
  mergeRows(ACTIONS, module.ACTION_ROWS, file);
  mergeRows(ROUTES, module.ROUTE_ROWS, file);
}

/** Route files not behind the guard, and why. */
type Discovered = { file: string; exportName: string; name: string; permission: string; fn: (...args: unknown[]) => Promise<unknown> };

/** Every entry point, asserting each is wrapped by the guard with the expected kind. */
function discovered(entries: EntryPoint[], kind: "action" | "route"): Discovered[] {
  return entries.flatMap((e) => {
    expect(e.guard?.kind, `${e.file} ${e.exportName} is not a guarded ${kind}`).toBe(kind);
    return e.guard && typeof e.fn === "function" ? [{ file: e.file, exportName: e.exportName, name: e.guard.name, permission: e.guard.permission, fn: e.fn }] : [];
  });
}

const actions = discovered(await actionExports(), "action");
const routes = discovered(await routeExports(), "route");

afterAll(() => setSessionTokenReaderForTests(async () => undefined));

describe("authorization matrix coverage", () => {
  it("has exactly one row per server action", () => {
    const names = actions.map((a) => a.name);
    expect(new Set(names).size, "two actions share a guard name").toBe(names.length);
    for (const a of actions) expect(ACTIONS, `${a.file} (${a.name}) has no row in ACTIONS`).toHaveProperty([a.name]);
    for (const name of Object.keys(ACTIONS)) expect(names, `ACTIONS row ${name} has no action`).toContain(name);
  });

  it("has exactly one row per guarded route handler, and every exclusion still exists", () => {
    const names = routes.map((r) => r.name);
    for (const r of routes) expect(ROUTES, `${r.file} ${r.exportName} (${r.name}) has no row in ROUTES`).toHaveProperty([r.name]);
    for (const name of Object.keys(ROUTES)) expect(names, `ROUTES row ${name} has no route`).toContain(name);
    const all = routeFiles();
    for (const excluded of Object.keys(ROUTES_NOT_GUARDED)) expect(all).toContain(excluded);
  });
});

describe.each(actions.map((a) => [a.name, a] as const))("server action %s", (name, action) => {
  const row = ACTIONS[name];
  beforeEach(fx.resetTeam);

  it.each(fx.CALLER_KINDS)("as %s", async (kind) => {
    if (!row) throw new Error(`no matrix row for ${name}`);
    const callers = await fx.createCallers();
    const scenario = await row.setup(callers);
    fx.actAs(callers[kind]);
    const allowed = kind !== "anonymous" && kind !== "non-member" && row.allowed.includes(kind);

    const result = await action.fn(scenario.input);

    if (allowed) {
      expect(result).toMatchObject({ ok: true });
      expect(await scenario.happened()).toBe(true);
    } else {
      expect(result).toMatchObject({ ok: false, error: { code: kind === "anonymous" ? "UNAUTHENTICATED" : "FORBIDDEN" } });
      expect(await scenario.happened()).toBe(false);
      const denied = await fx.auditEvents(name, "DENIED");
      expect(denied).toHaveLength(1);
      expect(denied[0]?.actorId ?? null).toBe(callers[kind]?.userId ?? null);
    }
  });

  it("guards the useActionState form (previousState, formData) the same way", async () => {
    if (!row) throw new Error(`no matrix row for ${name}`);
    const callers = await fx.createCallers();
    const scenario = await row.setup(callers);
    const entries = Object.entries((scenario.input ?? {}) as Record<string, unknown>);
    const flat = entries.every(([, v]) => ["string", "number", "boolean"].includes(typeof v));
    const form = new FormData();
    for (const [k, v] of entries) if (flat) form.set(k, String(v));

    fx.actAs(null);
    expect(await action.fn(null, form)).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
    const lowestAllowed = [...fx.CALLER_KINDS].find((k) => k !== "anonymous" && k !== "non-member" && row.allowed.includes(k));
    const lowestDenied = [...fx.CALLER_KINDS].reverse().find((k) => k !== "anonymous" && (k === "non-member" || !row.allowed.includes(k)));
    if (lowestDenied) {
      fx.actAs(callers[lowestDenied]);
      expect(await action.fn(null, form)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    }
    // Nested inputs cannot travel as FormData; with flat ones an allowed caller gets through the
    // guard (the schema may still want numbers where FormData has strings: not the guard's business).
    if (flat && lowestAllowed) {
      fx.actAs(callers[lowestAllowed]);
      const result = (await action.fn(null, form)) as { ok: boolean; error?: { code: string } };
      expect(result.ok ? "passed the guard" : result.error?.code).not.toMatch(/^(UNAUTHENTICATED|FORBIDDEN)$/);
    }
  });
});

describe.each(routes.map((r) => [`${r.exportName} ${r.file} (${r.name})`, r] as const))("route %s", (_label, route) => {
  const row = ROUTES[route.name];
  beforeEach(fx.resetTeam);

  it.each(fx.CALLER_KINDS)("as %s", async (kind) => {
    if (!row) throw new Error(`no matrix row for ${route.name}`);
    const callers = await fx.createCallers();
    const request = row.request();
    const caller = callers[kind];
    const headers = new Headers(request.headers);
    if (caller) headers.set("cookie", `other=1; ${sessionCookieName(env().APP_URL)}=${caller.token}`);
    const response = (await route.fn(new Request(request, { headers }), { params: Promise.resolve({}) })) as Response;
    const allowed = kind !== "anonymous" && kind !== "non-member" && row.allowed.includes(kind);
    if (allowed) {
      // Through the guard and handled: 2xx, or a redirect (OAuth callbacks, downloads).
      expect(response.status, await response.clone().text()).toBeLessThan(400);
    } else {
      expect(response.status).toBe(kind === "anonymous" ? 401 : 403);
      expect(await fx.auditEvents(route.name, "DENIED")).toHaveLength(1);
    }
  });
});

describe("the guard's session checks", () => {
  beforeEach(fx.resetTeam);
  const invite = () => actions.find((a) => a.name === "member.invite");

  it("treats an expired session as anonymous, and deletes it", async () => {
    const owner = await fx.createUser("OWNER");
    const expired = await fx.createSession(owner.userId, new Date(Date.now() - 1000));
    fx.actAs({ ...owner, token: expired });
    expect(await invite()?.fn({ email: fx.uniqueEmail("x"), role: "VIEWER" })).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
    expect(await db().session.count({ where: { sessionToken: expired } })).toBe(0);
  });

  it("treats an unknown token as anonymous", async () => {
    fx.actAs({ userId: "x", email: "x", token: "forged", membershipId: null, role: "OWNER" });
    expect(await invite()?.fn({ email: fx.uniqueEmail("x"), role: "VIEWER" })).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
  });

  it("re-reads the role on every call", async () => {
    const admin = await fx.createUser("ADMIN");
    fx.actAs(admin);
    expect(await invite()?.fn({ email: fx.uniqueEmail("a"), role: "VIEWER" })).toMatchObject({ ok: true });
    await db().membership.update({ where: { userId: admin.userId }, data: { role: "VIEWER" } });
    expect(await invite()?.fn({ email: fx.uniqueEmail("b"), role: "VIEWER" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
  });

  it("validates input only after authorization, with field errors", async () => {
    fx.actAs(null);
    expect(await invite()?.fn({ email: "nope" })).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
    fx.actAs(await fx.createUser("OWNER"));
    const result = await invite()?.fn({ email: "nope", role: "KING" });
    expect(result).toMatchObject({ ok: false, error: { code: "INVALID_INPUT", fieldErrors: { email: [expect.any(String)], role: [expect.any(String)] } } });
  });
});
