import "server-only";
import type { z } from "zod";
import type { RealmAssignmentInput } from "@/lib/okta/client";
import { OktaNotFoundError } from "@/lib/okta/errors";
import type { RealmDeps } from "./deps";
import type { createAssignmentInput, updateAssignmentInput } from "./inputs";
import { namesDb, rememberNames } from "./known-names";
import type { Outcome } from "./outcome";
import { runRealmOperation, type RealmAuditor } from "./run";
import { profileSourcesOf, toAssignmentView, toOperationView, type AssignmentView, type OperationView, type RealmAssignmentsView } from "./views";

// Realm assignments (okta.realmAssignments.read / .manage, optional extras of a connection).

type Ctx = { audit: RealmAuditor; deps?: RealmDeps };

/** Okta allows 500 assignments per org; all of them, by priority (Okta's order). */
export function listAssignments(input: { connectionId: string }, ctx: Ctx): Promise<Outcome<AssignmentView[]>> {
  return runRealmOperation({ operation: "realm.assignment.list", connectionId: input.connectionId, audit: ctx.audit, deps: ctx.deps }, async (client, note) => {
    const { items } = await client.realmAssignments.list({ limit: 200 }).collect({ maxRecords: 500 });
    note.details = { count: items.length };
    await rememberNames(namesDb(ctx.deps), input.connectionId, "assignment", items.map((a) => ({ id: a.id, name: a.name })));
    return items.map(toAssignmentView).sort((a, b) => a.priority - b.priority);
  });
}

/**
 * The assignments whose target is one realm (a realm page's Assignments tab). Okta can't filter
 * assignments by target realm, so all of them (≤ 500, one audited list) are read and filtered here.
 */
export async function listRealmAssignments(input: { connectionId: string; realmId: string }, ctx: Ctx): Promise<Outcome<RealmAssignmentsView>> {
  const all = await listAssignments({ connectionId: input.connectionId }, ctx);
  if (!all.ok) return all;
  return { ok: true, value: { assignments: all.value.filter((a) => a.targetRealmId === input.realmId), profileSources: profileSourcesOf(all.value) } };
}

function body(input: z.output<typeof createAssignmentInput>): RealmAssignmentInput {
  return {
    name: input.name,
    priority: input.priority,
    conditions: { profileSourceId: input.profileSourceId, ...(input.expression ? { expression: { value: input.expression } } : {}) },
    actions: { assignUserToRealm: { realmId: input.targetRealmId } },
  };
}

export function createAssignment(input: z.output<typeof createAssignmentInput>, ctx: Ctx): Promise<Outcome<AssignmentView>> {
  return runRealmOperation(
    { operation: "realm.assignment.create", connectionId: input.connectionId, audit: ctx.audit, deps: ctx.deps, target: input.name, details: { priority: input.priority, targetRealmId: input.targetRealmId } },
    async (client, note) => {
      const created = await client.realmAssignments.create(body(input));
      note.target = `assignment:${created.id}`;
      note.targetName = created.name;
      return toAssignmentView(created);
    },
  );
}

/** PUT: the form always carries every field, so nothing is lost. */
export function updateAssignment(input: z.output<typeof updateAssignmentInput>, ctx: Ctx): Promise<Outcome<AssignmentView>> {
  return runRealmOperation(
    { operation: "realm.assignment.update", connectionId: input.connectionId, audit: ctx.audit, deps: ctx.deps, target: `assignment:${input.assignmentId}`, details: { name: input.name, priority: input.priority } },
    async (client, note) => {
      const replaced = await client.realmAssignments.replace(input.assignmentId, body(input));
      note.targetName = replaced.name;
      return toAssignmentView(replaced);
    },
  );
}

type Lifecycle = "realm.assignment.activate" | "realm.assignment.deactivate" | "realm.assignment.delete";

export function changeAssignment(operation: Lifecycle, input: { connectionId: string; assignmentId: string }, ctx: Ctx): Promise<Outcome<{ assignmentId: string }>> {
  return runRealmOperation(
    { operation, connectionId: input.connectionId, audit: ctx.audit, deps: ctx.deps, target: `assignment:${input.assignmentId}` },
    async (client) => {
      const api = client.realmAssignments;
      if (operation === "realm.assignment.activate") await api.activate(input.assignmentId);
      else if (operation === "realm.assignment.deactivate") await api.deactivate(input.assignmentId);
      else await api.delete(input.assignmentId);
      return { assignmentId: input.assignmentId };
    },
  );
}

/** Runs one assignment, or every active one with "ALL"; returns Okta's operation to follow. */
export function executeAssignment(input: { connectionId: string; assignmentId: string }, ctx: Ctx): Promise<Outcome<OperationView>> {
  return runRealmOperation(
    { operation: "realm.assignment.execute", connectionId: input.connectionId, audit: ctx.audit, deps: ctx.deps, target: input.assignmentId === "ALL" ? "assignments:ALL" : `assignment:${input.assignmentId}` },
    async (client, note) => {
      const operation = toOperationView(await client.realmAssignments.execute(input.assignmentId));
      note.details = { operationId: operation.id, status: operation.status };
      return operation;
    },
  );
}

/**
 * The operation's current state. Okta has no "get operation"; it keeps the newest 200, newest
 * first, so the one just started is on the first page.
 */
export function operationStatus(input: { connectionId: string; operationId: string }, ctx: Ctx): Promise<Outcome<OperationView>> {
  return runRealmOperation(
    { operation: "realm.assignment.operations", connectionId: input.connectionId, audit: ctx.audit, deps: ctx.deps, target: `operation:${input.operationId}` },
    async (client, note) => {
      for await (const op of client.realmAssignments.listOperations({ limit: 200 }).items({ maxRecords: 200 })) {
        if (op.id === input.operationId) {
          note.details = { status: op.status, numUserMoved: op.numUserMoved ?? null };
          return toOperationView(op);
        }
      }
      throw new OktaNotFoundError("realm assignment operation");
    },
  );
}
