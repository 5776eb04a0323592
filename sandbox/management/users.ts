import { z } from "zod";
import { randomToken } from "../org/ids";
import type { CreateUserInput, UpdateUserInput } from "../org/store";
import type { Profile, ProfileValue, UserRecord } from "../org/types";
import { linkHeader } from "../http/links";
import { OktaError } from "../http/okta-error";
import { boolParam, jsonBody, limitParam, offsetCursor, sortItems, takePage, type ApiContext, type ApiResult, type Route } from "./api";
import { orgCall } from "./errors-map";
import { userEtag, userJson, userTypeId } from "./serialize";
import { compileUserQuery, sortReader } from "./users-search";
import { parseOrReject } from "./zod-causes";

// /api/v1/users (spec: User and UserLifecycle tags). Scopes: okta.users.read / okta.users.manage.

const ProfileValueSchema: z.ZodType<ProfileValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(ProfileValueSchema)]),
);
const ProfileSchema = z.record(z.string(), ProfileValueSchema);
const CredentialsSchema = z.object({
  password: z.object({ value: z.string().optional(), hash: z.record(z.string(), z.unknown()).optional() }).optional(),
  recovery_question: z.object({ question: z.string().min(1).max(100), answer: z.string().min(1).max(100) }).optional(),
  provider: z
    .object({ type: z.enum(["ACTIVE_DIRECTORY", "FEDERATION", "IMPORT", "LDAP", "OKTA", "SOCIAL"]), name: z.string().optional() })
    .optional(),
});
const CreateUserBody = z.object({
  profile: ProfileSchema,
  credentials: CredentialsSchema.optional(),
  groupIds: z.array(z.string()).optional(),
  realmId: z.string().optional(),
  type: z.object({ id: z.string() }).optional(),
});
const UpdateUserBody = CreateUserBody.omit({ groupIds: true }).partial();

/** `me` is the user behind the token; otherwise an id or a login. */
function resolveUser(ctx: ApiContext): UserRecord {
  const key = ctx.params.id ?? "";
  const idOrLogin = key === "me" ? (ctx.principal.kind === "ssws" ? ctx.principal.userId : ctx.principal.token.sub) : key;
  return orgCall(() => ctx.store.requireUser(idOrLogin));
}

function checkType(ctx: ApiContext, type: { id: string } | undefined, causes: string[]): void {
  if (type && type.id !== userTypeId(ctx.store)) causes.push(`type.id: The user type '${type.id}' does not exist`);
}

function createUser(ctx: ApiContext): ApiResult {
  const activate = boolParam(ctx.query, "activate", true);
  const provider = boolParam(ctx.query, "provider", false);
  const nextLogin = ctx.query.get("nextLogin");
  const body = parseOrReject(CreateUserBody, jsonBody(ctx), "user");
  const causes: string[] = [];
  if (nextLogin !== null && nextLogin !== "changePassword") causes.push("nextLogin: must be changePassword");
  if (nextLogin === "changePassword" && !activate) causes.push("nextLogin: Setting the password to expired requires activate=true");
  if (nextLogin === "changePassword" && !body.credentials?.password?.value) causes.push("password: An expired password requires a password value");
  if (provider && !body.credentials?.provider) causes.push("credentials.provider: Required when provider=true");
  for (const g of body.groupIds ?? []) causes.push(`groupIds: The group '${g}' does not exist`);
  checkType(ctx, body.type, causes);
  if (causes.length) throw new OktaError("E0000001", "user", causes);

  const creds = body.credentials;
  const input: CreateUserInput = {
    profile: body.profile as Profile,
    activate,
    realmId: body.realmId,
    password: creds?.password?.value,
    recoveryQuestion: creds?.recovery_question,
    provider: creds?.provider ?? (creds?.password?.hash ? { type: "IMPORT", name: "IMPORT" } : undefined),
    nextLogin: nextLogin === "changePassword" ? "changePassword" : undefined,
  };
  const user = orgCall(() => ctx.store.createUser(input), "user");
  return { status: 200, body: userJson(ctx.orgUrl, ctx.store, user) };
}

function updateUser(ctx: ApiContext, replace: boolean): ApiResult {
  const user = resolveUser(ctx);
  const body = parseOrReject(UpdateUserBody, jsonBody(ctx), "user");
  const causes: string[] = [];
  checkType(ctx, body.type, causes);
  if (causes.length) throw new OktaError("E0000001", "user", causes);
  const input: UpdateUserInput = {
    // A full replace without a profile clears it, which then fails the required-attribute check.
    profile: (body.profile ?? (replace ? {} : undefined)) as Profile | undefined,
    password: body.credentials?.password?.value,
    recoveryQuestion: body.credentials?.recovery_question,
    realmId: body.realmId,
  };
  const updated = orgCall(() => ctx.store.updateUser(user.id, input, replace), "user");
  return { status: 200, body: userJson(ctx.orgUrl, ctx.store, updated), headers: { ETag: userEtag(updated) } };
}

function listUsers(ctx: ApiContext): ApiResult {
  const { query, store } = ctx;
  const search = query.get("search");
  const filter = query.get("filter");
  const q = query.get("q");
  if (search !== null && filter !== null) throw new OktaError("E0000033");
  const render = (users: UserRecord[]) => users.map((u) => userJson(ctx.orgUrl, store, u, false));

  if (q !== null && search === null && filter === null) {
    // `q`: prefix match on firstName/lastName/email, default limit 10, no pagination, no DEPROVISIONED.
    const limit = limitParam(query, 10, 200);
    const p = q.toLowerCase();
    const hits: UserRecord[] = [];
    for (const u of store.users.scanAfter(0)) {
      if (hits.length >= limit) break;
      if (u.status === "DEPROVISIONED") continue;
      if (["firstName", "lastName", "email"].some((k) => String(u.profile[k] ?? "").toLowerCase().startsWith(p))) hits.push(u);
    }
    return { status: 200, body: render(hits), headers: { Link: linkHeader(ctx.orgUrl, ctx.path, query, null) } };
  }

  const limit = limitParam(query, 200, 200);
  const after = query.get("after");
  const expression = search ?? filter;
  const test = expression !== null ? compileUserQuery(store, expression, search !== null ? "search" : "filter") : null;
  const sortBy = search !== null ? query.get("sortBy") : null;

  let page: UserRecord[];
  let nextAfter: string | null;
  if (sortBy) {
    const read = sortReader(store, sortBy);
    const all = sortItems([...store.users.scanAfter(0)].filter((u) => test?.(u) ?? true), read, query.get("sortOrder"));
    const offset = after ? offsetCursor.decode(after) : 0;
    page = all.slice(offset, offset + limit);
    nextAfter = offset + limit < all.length ? offsetCursor.encode(offset + limit) : null;
  } else {
    // Creation order; the cursor is the id of the last user returned.
    let afterSeq = 0;
    if (after) {
      const seq = store.users.seqOf(after);
      if (seq === undefined) throw new OktaError("E0000029");
      afterSeq = seq;
    }
    const matches = function* () {
      for (const u of store.users.scanAfter(afterSeq)) {
        if (test ? test(u) : u.status !== "DEPROVISIONED") yield u;
      }
    };
    ({ page, nextAfter } = takePage(matches(), limit, (u) => u.id));
  }
  return { status: 200, body: render(page), headers: { Link: linkHeader(ctx.orgUrl, ctx.path, query, nextAfter) } };
}

export const userRoutes: Route[] = [
  { method: "GET", pattern: "/api/v1/users", operationId: "listUsers", scope: "okta.users.read", handle: listUsers },
  { method: "POST", pattern: "/api/v1/users", operationId: "createUser", scope: "okta.users.manage", handle: createUser },
  {
    method: "GET",
    pattern: "/api/v1/users/:id",
    operationId: "getUser",
    scope: "okta.users.read",
    handle: (ctx) => {
      const user = resolveUser(ctx);
      return { status: 200, body: userJson(ctx.orgUrl, ctx.store, user), headers: { ETag: userEtag(user) } };
    },
  },
  { method: "POST", pattern: "/api/v1/users/:id", operationId: "updateUser", scope: "okta.users.manage", handle: (ctx) => updateUser(ctx, false) },
  { method: "PUT", pattern: "/api/v1/users/:id", operationId: "replaceUser", scope: "okta.users.manage", handle: (ctx) => updateUser(ctx, true) },
  {
    method: "DELETE",
    pattern: "/api/v1/users/:id",
    operationId: "deleteUser",
    scope: "okta.users.manage",
    handle: (ctx) => {
      const user = resolveUser(ctx);
      orgCall(() => ctx.store.deleteUser(user.id));
      return { status: 204 };
    },
  },
  {
    method: "POST",
    pattern: "/api/v1/users/:id/lifecycle/activate",
    operationId: "activateUser",
    scope: "okta.users.manage",
    handle: (ctx) => {
      const sendEmail = boolParam(ctx.query, "sendEmail", true);
      const user = resolveUser(ctx);
      orgCall(() => ctx.store.activateUser(user.id));
      if (sendEmail) return { status: 200, body: {} };
      const token = randomToken(20);
      return { status: 200, body: { activationToken: token, activationUrl: `${ctx.orgUrl}/tokens/${token}/verify` } };
    },
  },
  {
    method: "POST",
    pattern: "/api/v1/users/:id/lifecycle/deactivate",
    operationId: "deactivateUser",
    scope: "okta.users.manage",
    handle: (ctx) => {
      boolParam(ctx.query, "sendEmail", false);
      const user = resolveUser(ctx);
      orgCall(() => ctx.store.deactivateUser(user.id));
      return { status: 200 };
    },
  },
];
