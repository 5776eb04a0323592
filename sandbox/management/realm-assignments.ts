import { z } from "zod";
import { linkHeader } from "../http/links";
import { OktaError } from "../http/okta-error";
import { jsonBody, limitParam, takePage, type ApiContext, type ApiResult, type Route } from "./api";
import { orgCall } from "./errors-map";
import { assignmentJson, operationJson } from "./serialize";
import { parseOrReject } from "./zod-causes";

// /api/v1/realm-assignments (spec: RealmAssignment tag). Scopes: okta.realmAssignments.read/.manage.

const AssignmentBody = z.object({
  name: z.string(),
  priority: z.number().int(),
  conditions: z.object({
    profileSourceId: z.string().optional(),
    expression: z.object({ value: z.string() }).optional(),
  }),
  actions: z.object({ assignUserToRealm: z.object({ realmId: z.string() }) }),
});

const ExecuteBody = z.object({ assignmentId: z.string().min(1) });

const READ = "okta.realmAssignments.read";
const MANAGE = "okta.realmAssignments.manage";

function listAssignments(ctx: ApiContext): ApiResult {
  const limit = limitParam(ctx.query, 20, 200);
  const after = ctx.query.get("after");
  let items = ctx.store.listAssignments();
  // The cursor is the priority of the last assignment on the previous page.
  if (after !== null && after !== "") {
    if (!/^\d+$/.test(after)) throw new OktaError("E0000029");
    items = items.filter((a) => a.priority > Number(after));
  }
  const { page, nextAfter } = takePage(items, limit, (a) => String(a.priority));
  return {
    status: 200,
    body: page.map((a) => assignmentJson(ctx.orgUrl, a)),
    headers: { Link: linkHeader(ctx.orgUrl, ctx.path, ctx.query, nextAfter) },
  };
}

function listOperations(ctx: ApiContext): ApiResult {
  const limit = limitParam(ctx.query, 20, 200);
  const after = ctx.query.get("after");
  // Newest first.
  let items = [...ctx.store.operations].reverse();
  if (after) {
    const i = items.findIndex((o) => o.id === after);
    if (i < 0) throw new OktaError("E0000029");
    items = items.slice(i + 1);
  }
  const { page, nextAfter } = takePage(items, limit, (o) => o.id);
  return {
    status: 200,
    body: page.map((o) => operationJson(ctx.orgUrl, ctx.store, o)),
    headers: { Link: linkHeader(ctx.orgUrl, ctx.path, ctx.query, nextAfter) },
  };
}

const id = (ctx: ApiContext) => ctx.params.assignmentId ?? "";

export const realmAssignmentRoutes: Route[] = [
  { method: "GET", pattern: "/api/v1/realm-assignments", operationId: "listRealmAssignments", scope: READ, handle: listAssignments },
  {
    method: "POST",
    pattern: "/api/v1/realm-assignments",
    operationId: "createRealmAssignment",
    scope: MANAGE,
    handle: (ctx) => {
      const body = parseOrReject(AssignmentBody, jsonBody(ctx), "realm assignment");
      return { status: 201, body: assignmentJson(ctx.orgUrl, orgCall(() => ctx.store.createAssignment(body), "realm assignment")) };
    },
  },
  { method: "GET", pattern: "/api/v1/realm-assignments/operations", operationId: "listRealmAssignmentOperations", scope: READ, handle: listOperations },
  {
    method: "POST",
    pattern: "/api/v1/realm-assignments/operations",
    operationId: "executeRealmAssignment",
    scope: MANAGE,
    handle: (ctx) => {
      const { assignmentId } = parseOrReject(ExecuteBody, jsonBody(ctx), "operation");
      if (assignmentId !== "ALL" && !ctx.store.assignments.has(assignmentId))
        throw new OktaError("E0000001", "operation", [`assignmentId: The realm assignment '${assignmentId}' does not exist`]);
      return { status: 201, body: operationJson(ctx.orgUrl, ctx.store, orgCall(() => ctx.store.executeAssignments(assignmentId))) };
    },
  },
  {
    method: "GET",
    pattern: "/api/v1/realm-assignments/:assignmentId",
    operationId: "getRealmAssignment",
    scope: READ,
    handle: (ctx) => ({ status: 200, body: assignmentJson(ctx.orgUrl, orgCall(() => ctx.store.getAssignment(id(ctx)))) }),
  },
  {
    method: "PUT",
    pattern: "/api/v1/realm-assignments/:assignmentId",
    operationId: "replaceRealmAssignment",
    scope: MANAGE,
    handle: (ctx) => {
      orgCall(() => ctx.store.getAssignment(id(ctx)));
      const body = parseOrReject(AssignmentBody, jsonBody(ctx), "realm assignment");
      return { status: 200, body: assignmentJson(ctx.orgUrl, orgCall(() => ctx.store.replaceAssignment(id(ctx), body), "realm assignment")) };
    },
  },
  {
    method: "DELETE",
    pattern: "/api/v1/realm-assignments/:assignmentId",
    operationId: "deleteRealmAssignment",
    scope: MANAGE,
    handle: (ctx) => {
      orgCall(() => ctx.store.deleteAssignment(id(ctx)), "realm assignment");
      return { status: 204 };
    },
  },
  {
    method: "POST",
    pattern: "/api/v1/realm-assignments/:assignmentId/lifecycle/activate",
    operationId: "activateRealmAssignment",
    scope: MANAGE,
    handle: (ctx) => {
      orgCall(() => ctx.store.setAssignmentStatus(id(ctx), "ACTIVE"), "realm assignment");
      return { status: 204 };
    },
  },
  {
    method: "POST",
    pattern: "/api/v1/realm-assignments/:assignmentId/lifecycle/deactivate",
    operationId: "deactivateRealmAssignment",
    scope: MANAGE,
    handle: (ctx) => {
      orgCall(() => ctx.store.setAssignmentStatus(id(ctx), "INACTIVE"), "realm assignment");
      return { status: 204 };
    },
  },
];
