import "server-only";
import { randomBytes } from "node:crypto";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { recordAudit, recordAuditBestEffort, type AuditEntry } from "@/lib/audit/record";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAnonymousDenial } from "./anonymous-denials";
import { can, type Permission } from "./permissions";
import { readSessionToken } from "./request-session";
import { resolveCaller, type Caller, type Member } from "./resolve-caller";
import { sessionCookieName } from "./session-cookie";
import { errorFields, logger } from "@/lib/observability/log";
import { currentRequestRef, withRequestContext } from "@/lib/observability/request-context";

/*
 * The one guard. Every server action and route handler is wrapped by it; there is no other way in.
 * Server actions are public POST endpoints, so the proxy and hidden buttons are never relied on.
 *
 * Server action (a "use server" file in lib/actions/, one action per file):
 *
 *   export const renameConnection = guardedAction(
 *     { name: "connection.rename", permission: "connections.manage", input: renameConnectionSchema },
 *     async (input, ctx) => {
 *       const c = await db().connection.update({ where: { id: input.id }, data: { nickname: input.nickname } });
 *       await ctx.audit({ action: "connection.rename", outcome: "SUCCESS", connectionId: c.id });
 *       return { id: c.id };                        // → { ok: true, data: { id } }
 *     },
 *   );
 *
 *   Call it with a plain object (`await renameConnection({ id, nickname })`), with FormData
 *   (`<form action={renameConnection}>`), or through `useActionState(renameConnection, null)`
 *   (then it receives (previousState, formData)). It always resolves to an ActionResult:
 *   { ok: true, data } | { ok: false, error: { code, message, fieldErrors? } }.
 *
 * Route handler (app/**\/route.ts):
 *
 *   export const GET = guardedRoute({ name: "audit.export", permission: "audit.read" }, async (input, ctx) =>
 *     Response.json(...));
 *
 * Per call, in this order: session cookie → session row (unexpired) → membership (re-read every call,
 * so removal and role changes apply at once) → `can(role, permission)` from lib/auth/permissions.ts →
 * zod `input` (FormData, object, or the route's query/JSON body) → handler. Refusals are recorded
 * as DENIED audit events: one row per refusal of a signed-in person; anonymous refusals are counted
 * on one row per action and minute (lib/auth/anonymous-denials.ts), so they cannot flood the log.
 * Throw `new ActionFailure("NOT_FOUND" | "CONFLICT" | …, message)` from a handler for an expected
 * failure (recorded as FAILURE); anything else becomes INTERNAL with a reference id and is logged,
 * never sent to the client. redirect()/notFound() pass through.
 */

export type ActionErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "INVALID_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "RULE_VIOLATION"
  | "UPSTREAM"
  | "INTERNAL";

export type ActionError = { code: ActionErrorCode; message: string; fieldErrors?: Record<string, string[]> };
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };
/** The state type for `useActionState(action, null)`. */
export type ActionState<T> = ActionResult<T> | null;

/** An expected failure a handler reports to the caller (message is shown to the user; keep it safe). */
export class ActionFailure extends Error {
  constructor(
    readonly code: Exclude<ActionErrorCode, "UNAUTHENTICATED" | "FORBIDDEN" | "INTERNAL">,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
    readonly auditDetails?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ActionFailure";
  }
}

export type GuardContext = {
  member: Member;
  /** Records an audit event with the caller as actor; pass `tx` to commit it with a transaction. */
  audit(entry: Omit<AuditEntry, "actor">, tx?: Pick<Prisma.TransactionClient, "auditEvent">): Promise<void>;
};

export type GuardDefinition<S extends z.ZodType> = {
  /** Stable name, "<area>.<verb>": the audit action and the key of the authorization matrix test. */
  name: string;
  permission: Permission;
  input: S;
};

export interface GuardedAction<I, O> {
  (input: I | FormData): Promise<ActionResult<O>>;
  (previousState: ActionState<O>, input: I | FormData): Promise<ActionResult<O>>;
}

type Registered = { kind: "action" | "route"; name: string; permission: Permission };
const registry = new WeakMap<object, Registered>();

/** What the guard knows about a function (tests use it to prove every export is guarded). */
export function guardOf(fn: unknown): Registered | undefined {
  return typeof fn === "function" ? registry.get(fn) : undefined;
}

const DENIAL_MESSAGES = {
  UNAUTHENTICATED: "Your session has ended. Sign in again.",
  FORBIDDEN: "Your role does not allow this.",
} as const;

type Decision = { ok: true; member: Member } | { ok: false; error: ActionError };

async function authorize(name: string, permission: Permission, caller: Caller): Promise<Decision> {
  if (caller.kind === "member" && can(caller.member.role, permission)) return { ok: true, member: caller.member };
  if (caller.kind === "anonymous") {
    // Counted per action and minute, not one row per call: see lib/auth/anonymous-denials.ts.
    await recordAnonymousDenial(name, permission).catch((error: unknown) =>
      logger("audit").error(errorFields(error), `could not record ${name} (DENIED)`),
    );
    return { ok: false, error: { code: "UNAUTHENTICATED", message: DENIAL_MESSAGES.UNAUTHENTICATED } };
  }
  await recordAuditBestEffort({
    action: name,
    outcome: "DENIED",
    actor: caller.kind === "member" ? { id: caller.member.userId, email: caller.member.email } : { id: caller.userId, email: caller.email },
    details: { permission, reason: caller.kind === "non-member" ? "not a member" : `role ${caller.member.role}` },
  });
  return { ok: false, error: { code: "FORBIDDEN", message: DENIAL_MESSAGES.FORBIDDEN } };
}

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** FormData → plain object: repeated keys become arrays; Next's internal `$ACTION_*` fields are dropped. */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("$ACTION")) continue;
    const existing = out[key];
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

const referenceId = () => randomBytes(5).toString("hex").toUpperCase();

/** Every action and route runs with a reference id of its own: its log lines carry it, and an INTERNAL error quotes it. */
function runGuarded<S extends z.ZodType, O>(
  definition: GuardDefinition<S>,
  handler: (input: z.output<S>, ctx: GuardContext) => Promise<O>,
  rawInput: unknown,
  sessionToken: string | undefined,
): Promise<ActionResult<O>> {
  return withRequestContext({ ref: referenceId() }, () => runGuardedInContext(definition, handler, rawInput, sessionToken));
}

async function runGuardedInContext<S extends z.ZodType, O>(
  definition: GuardDefinition<S>,
  handler: (input: z.output<S>, ctx: GuardContext) => Promise<O>,
  rawInput: unknown,
  sessionToken: string | undefined,
): Promise<ActionResult<O>> {
  const decision = await authorize(definition.name, definition.permission, await resolveCaller(sessionToken));
  if (!decision.ok) return decision;
  const { member } = decision;

  const parsed = definition.input.safeParse(rawInput instanceof FormData ? formDataToObject(rawInput) : rawInput);
  if (!parsed.success) {
    return { ok: false, error: { code: "INVALID_INPUT", message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) } };
  }

  const actor = { id: member.userId, email: member.email };
  const ctx: GuardContext = { member, audit: (entry, tx) => recordAudit({ ...entry, actor }, tx) };
  try {
    return { ok: true, data: await handler(parsed.data, ctx) };
  } catch (error) {
    unstable_rethrow(error); // redirect(), notFound() and Next's own control flow
    if (error instanceof ActionFailure) {
      await recordAuditBestEffort({
        action: definition.name,
        outcome: "FAILURE",
        actor,
        details: { code: error.code, message: error.message, ...error.auditDetails },
      });
      return { ok: false, error: { code: error.code, message: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) } };
    }
    const reference = currentRequestRef() ?? referenceId();
    logger("guard").error({ action: definition.name, reference, ...errorFields(error) }, `${definition.name} failed (reference ${reference})`);
    await recordAuditBestEffort({ action: definition.name, outcome: "FAILURE", actor, referenceId: reference, details: { code: "INTERNAL" } });
    return { ok: false, error: { code: "INTERNAL", message: `Something went wrong (reference ${reference}).` } };
  }
}

export function guardedAction<S extends z.ZodType, O>(
  definition: GuardDefinition<S>,
  handler: (input: z.output<S>, ctx: GuardContext) => Promise<O>,
): GuardedAction<z.input<S>, O> {
  // The input is the last argument: (input) for direct calls, (previousState, formData) from useActionState.
  const action = async (...args: unknown[]): Promise<ActionResult<O>> =>
    runGuarded(definition, handler, args[args.length - 1], await readSessionToken());
  registry.set(action, { kind: "action", name: definition.name, permission: definition.permission });
  return action as GuardedAction<z.input<S>, O>;
}

// ---------- route handlers ----------

export type RouteContext = GuardContext & { request: Request; params: Record<string, string | string[] | undefined> };
export type RouteDefinition<S extends z.ZodType> = Omit<GuardDefinition<S>, "input"> & {
  /** Validates the query string (GET/HEAD/DELETE) or the JSON/form body (other methods). Defaults to "no input". */
  input?: S;
};

const STATUS: Record<ActionErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RULE_VIOLATION: 422,
  UPSTREAM: 502,
  INTERNAL: 500,
};

function cookieFrom(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

async function routeInput(request: Request): Promise<unknown> {
  const method = request.method.toUpperCase();
  if (method === "GET" || method === "HEAD" || method === "DELETE") {
    return Object.fromEntries(new URL(request.url).searchParams.entries());
  }
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) return request.json().catch(() => undefined);
  if (type.includes("form")) return formDataToObject(await request.formData());
  return {};
}

const noInput = z.looseObject({});

export function guardedRoute<S extends z.ZodType = typeof noInput>(
  definition: RouteDefinition<S>,
  handler: (input: z.output<S>, ctx: RouteContext) => Promise<Response>,
): (request: Request, context?: { params?: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response> {
  const route = async (request: Request, context?: { params?: Promise<Record<string, string | string[] | undefined>> }) => {
    const params = (await context?.params) ?? {};
    let response: Response | undefined;
    // Without declared input, S is its default (noInput), so the cast only restates that.
    const input = (definition.input ?? noInput) as S;
    const result = await runGuarded(
      { name: definition.name, permission: definition.permission, input },
      async (parsed, ctx) => {
        response = await handler(parsed, { ...ctx, request, params });
        return null;
      },
      await routeInput(request),
      cookieFrom(request, sessionCookieName(env().APP_URL)),
    );
    if (result.ok && response) return response;
    const error: ActionError = result.ok ? { code: "INTERNAL", message: "No response." } : result.error;
    return Response.json({ ok: false, error }, { status: STATUS[error.code], headers: { "Cache-Control": "no-store" } });
  };
  registry.set(route, { kind: "route", name: definition.name, permission: definition.permission });
  return route;
}
