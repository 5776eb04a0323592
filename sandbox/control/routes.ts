import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { OAuthApp } from "../org/contract";
import { OrgNotFoundError, OrgValidationError } from "../org/errors";
import type { SeededOrg } from "../org/seed";
import { SchemaAttributeBody } from "../management/schemas";
import { parseOrReject } from "../management/zod-causes";
import { parseJsonObject, readRawBody } from "../http/body";
import { OktaError } from "../http/okta-error";
import { send, sendError } from "../http/respond";
import { CLAIM_STYLES } from "../oauth/claim-style";
import type { SandboxRuntime } from "../server";
import type { SandboxControl } from "./control";

// HTTP face of the control plane: /__sandbox/*, authenticated with the org's API token
// (`Authorization: SSWS <token>`, the one main.ts prints). Errors use Okta's error shape.

const Scopes = z.array(z.string().min(1));
const Seed = z.object({
  appUrl: z.string().url().optional(),
  sampleData: z.boolean().optional(),
  userCount: z.number().int().min(0).max(100_000).optional(),
  adminPassword: z.string().min(8).optional(),
});
const Profile = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
const Fault = z.object({
  method: z.string().optional(),
  pathPrefix: z.string().optional(),
  latencyMs: z.number().min(0).max(600_000).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  failNext: z.number().int().min(0).optional(),
  errorStatus: z.number().int().min(400).max(599).optional(),
  errorCauses: z.array(z.string().max(20_000)).max(20).optional(),
  hang: z.boolean().optional(),
  rateLimitNext: z.number().int().min(0).optional(),
});
const Bodies = {
  reset: z.object({ seed: Seed.optional() }),
  app: z.object({
    name: z.string().min(1),
    redirectUris: z.array(z.string().url()).optional(),
    grantedScopes: Scopes.optional(),
    rotationType: z.enum(["ROTATE", "STATIC"]).optional(),
    leeway: z.number().int().min(0).max(60).optional(),
    grantTypes: z.array(z.string()).optional(),
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
  }),
  grants: z.object({ grant: Scopes.optional(), revoke: Scopes.optional() }),
  rotation: z.object({ rotationType: z.enum(["ROTATE", "STATIC"]), leeway: z.number().int().min(0).max(60).optional() }),
  bulkUsers: z.object({
    count: z.number().int().min(1).max(200_000),
    realmId: z.string().optional(),
    loginPattern: z.string().optional(),
    start: z.number().int().min(0).optional(),
    password: z.string().optional(),
    profile: Profile.optional(),
    status: z.enum(["ACTIVE", "STAGED"]).optional(),
  }),
  schema: z.object({ properties: z.record(z.string(), SchemaAttributeBody.nullable()) }),
  fault: Fault,
  faults: z.object({ rules: z.array(Fault) }),
  latency: z.object({ ms: z.number().min(0).max(600_000) }),
  claims: z.object({ style: z.enum(CLAIM_STYLES) }),
  rateLimits: z.object({
    buckets: z.partialRecord(z.enum(["users-collection", "user-get", "user-write", "api-other", "oauth2"]), z.number().int().min(0)).optional(),
    concurrency: z.number().int().min(0).optional(),
    windowSeconds: z.number().int().min(1).optional(),
  }),
  advance: z.object({ ms: z.number().min(0) }),
  token: z.object({
    scopes: Scopes,
    sub: z.string().optional(),
    clientId: z.string().optional(),
    ttlSeconds: z.number().int().min(-86_400).max(86_400).optional(),
  }),
};

export const appJson = (a: OAuthApp) => ({ ...a, grantedScopes: [...a.grantedScopes] });

export function createControlRoutes(rt: SandboxRuntime, control: SandboxControl, seeded: () => SeededOrg) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    try {
      if (req.headers.authorization !== `SSWS ${rt.apiToken}`) throw new OktaError("E0000011");
      const raw = await readRawBody(req);
      const body = <T extends z.ZodType>(schema: T): z.infer<T> =>
        parseOrReject(schema, raw.length ? parseJsonObject(req.headers["content-type"], raw) : {}, "control");
      const r = route(req.method ?? "GET", url.pathname.slice("/__sandbox".length), body);
      send(res, r.status, r.body);
    } catch (e) {
      if (e instanceof OktaError) return sendError(res, e);
      if (e instanceof OrgValidationError) return sendError(res, new OktaError("E0000001", "control", e.causes));
      if (e instanceof OrgNotFoundError) return sendError(res, new OktaError("E0000007", e.what));
      if (e instanceof RangeError) return sendError(res, new OktaError("E0000001", "control", [e.message]));
      throw e;
    }
  };

  function route(method: string, path: string, body: <T extends z.ZodType>(s: T) => z.infer<T>): { status: number; body?: unknown } {
    const appMatch = /^\/apps\/([^/]+)\/(grants|refresh-token)$/.exec(path);
    const key = `${method} ${appMatch ? `/apps/:clientId/${appMatch[2]}` : path}`;
    const clientId = decodeURIComponent(appMatch?.[1] ?? "");
    switch (key) {
      case "GET /state":
        return {
          status: 200,
          body: {
            url: rt.orgUrl,
            mode: rt.mode,
            seeded: seeded(),
            counts: { realms: rt.store.realms.size, users: rt.store.users.size, assignments: rt.store.assignments.size, apps: rt.store.apps.size },
            clock: { now: new Date(rt.clock.now()).toISOString(), offsetMs: rt.clock.offsetMs() },
            rateLimits: control.rateLimits(),
            faults: control.faults(),
            latencyMs: rt.latencyMs,
            claimStyle: rt.claimStyle,
          },
        };
      case "POST /reset":
        return { status: 200, body: { seeded: control.reset(body(Bodies.reset).seed) } };
      case "GET /apps":
        return { status: 200, body: [...rt.store.apps.values()].map(appJson) };
      case "POST /apps":
        return { status: 201, body: appJson(control.createApp(body(Bodies.app))) };
      case "POST /apps/:clientId/grants": {
        const b = body(Bodies.grants);
        control.grantScopes(clientId, b.grant ?? []);
        return { status: 200, body: appJson(control.revokeScopes(clientId, b.revoke ?? [])) };
      }
      case "PUT /apps/:clientId/refresh-token": {
        const b = body(Bodies.rotation);
        return { status: 200, body: appJson(control.setRefreshRotation(clientId, b.rotationType, b.leeway)) };
      }
      case "POST /users/bulk":
        return { status: 201, body: control.addUsers(body(Bodies.bulkUsers)) };
      case "POST /schema/custom":
        control.setCustomAttributes(body(Bodies.schema).properties);
        return { status: 200, body: rt.store.customSchema };
      case "GET /faults":
        return { status: 200, body: { rules: control.faults() } };
      case "PUT /faults":
        control.setFaults(body(Bodies.faults).rules);
        return { status: 200, body: { rules: control.faults() } };
      case "POST /faults":
        control.addFault(body(Bodies.fault));
        return { status: 200, body: { rules: control.faults() } };
      case "DELETE /faults":
        control.clearFaults();
        return { status: 204 };
      case "PUT /sign-in/claims":
        control.setClaimStyle(body(Bodies.claims).style);
        return { status: 200, body: { style: rt.claimStyle } };
      case "PUT /latency":
        control.setLatency(body(Bodies.latency).ms);
        return { status: 200, body: { latencyMs: rt.latencyMs } };
      case "GET /rate-limits":
        return { status: 200, body: control.rateLimits() };
      case "PUT /rate-limits":
        return { status: 200, body: control.setRateLimits(body(Bodies.rateLimits)) };
      case "POST /clock/advance": {
        const now = control.advanceClock(body(Bodies.advance).ms);
        return { status: 200, body: { now: new Date(now).toISOString(), offsetMs: rt.clock.offsetMs() } };
      }
      case "GET /counters":
        return { status: 200, body: control.counters() };
      case "DELETE /counters":
        control.resetCounters();
        return { status: 204 };
      case "POST /tokens": {
        const b = body(Bodies.token);
        return { status: 201, body: { access_token: control.mintAccessToken(b), token_type: "Bearer", scope: b.scopes.join(" ") } };
      }
    }
    throw new OktaError("E0000007", `Resource not found: /__sandbox${path}`);
  }
}
