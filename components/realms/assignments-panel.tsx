"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { activateRealmAssignment } from "@/lib/actions/realms/activate-realm-assignment";
import { deactivateRealmAssignment } from "@/lib/actions/realms/deactivate-realm-assignment";
import { deleteRealmAssignment } from "@/lib/actions/realms/delete-realm-assignment";
import { executeRealmAssignment } from "@/lib/actions/realms/execute-realm-assignment";
import type { AvailabilityMap } from "@/lib/realms/catalog";
import { fromActionResult, type Outcome, type RealmFailure } from "@/lib/realms/outcome";
import type { AssignmentView, OperationView, RealmView } from "@/lib/realms/views";
import { AssignmentForm } from "./assignment-form";
import { AssignmentRun } from "./assignment-run";
import { FailureNotice } from "./failure-notice";
import { UnavailableNote } from "./unavailable-note";

type Props = { connectionId: string; assignments: AssignmentView[]; realms: RealmView[]; availability: AvailabilityMap };

/** Realm assignments by priority, with create/edit, activate/deactivate, delete and run (one or all). */
export function AssignmentsPanel({ connectionId, assignments, realms, availability }: Props) {
  const router = useRouter();
  const [editing, setEditing] = useState<string>();
  const [deleting, setDeleting] = useState<string>();
  const [failure, setFailure] = useState<RealmFailure>();
  const [run, setRun] = useState<OperationView>();
  const [pending, startTransition] = useTransition();
  const realmName = (id: string | null) => realms.find((r) => r.id === id)?.name ?? id ?? "—";
  const profileSources = [...new Set(assignments.map((a) => a.profileSourceId).filter((s): s is string => s !== null))];
  const refresh = useCallback(() => router.refresh(), [router]);
  const doneEditing = useCallback(() => {
    setEditing(undefined);
    router.refresh();
  }, [router]);

  function act<T>(call: () => Promise<Outcome<T>>, then?: (value: T) => void) {
    startTransition(async () => {
      const outcome = await call();
      if (!outcome.ok) return setFailure(outcome.failure);
      setFailure(undefined);
      then?.(outcome.value);
      router.refresh();
    });
  }
  const execute = (assignmentId: string) => act(async () => fromActionResult(await executeRealmAssignment({ connectionId, assignmentId })), setRun);
  const runAll = availability["realm.assignment.execute"];
  const write = (op: keyof AvailabilityMap) => availability[op].allowed && !pending;

  return (
    <div className="flex flex-col gap-6">
      <AssignmentForm connectionId={connectionId} realms={realms} profileSources={profileSources} availability={availability["realm.assignment.create"]} onDone={refresh} />
      <section aria-labelledby="assignments-heading">
        <div className="flex items-center gap-3">
          <h2 id="assignments-heading" className="text-lg font-medium">
            Assignments by priority
          </h2>
          <Button variant="secondary" size="sm" disabled={!write("realm.assignment.execute")} onClick={() => execute("ALL")} aria-describedby={runAll.allowed ? undefined : "run-unavailable"}>
            Run all active
          </Button>
          <UnavailableNote id="run-unavailable" availability={runAll} />
        </div>
        {failure ? <FailureNotice failure={failure} className="my-3" /> : null}
        {run ? <AssignmentRun key={run.id} connectionId={connectionId} operation={run} onFinished={refresh} /> : null}
        <table className="mt-3 w-full text-left text-sm">
          <caption className="sr-only">Realm assignments</caption>
          <thead className="border-b border-slate-200 text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">Priority</th>
              <th scope="col" className="py-2 pr-3 font-medium">Name</th>
              <th scope="col" className="py-2 pr-3 font-medium">Status</th>
              <th scope="col" className="py-2 pr-3 font-medium">Condition</th>
              <th scope="col" className="py-2 pr-3 font-medium">Target realm</th>
              <th scope="col" className="py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {assignments.map((a) => (
              <tr key={a.id} className="border-b border-slate-100 align-top" data-testid={`assignment-${a.name}`}>
                <td className="py-2 pr-3">{a.priority}</td>
                <td className="py-2 pr-3">
                  {a.name}
                  {a.isDefault ? <span className="ml-2 rounded bg-slate-200 px-1.5 text-xs">Catch-all</span> : null}
                  <div className="font-mono text-xs text-slate-500">{a.profileSourceId}</div>
                </td>
                <td className="py-2 pr-3">{a.status}</td>
                <td className="py-2 pr-3 font-mono text-xs">{a.expression ?? "—"}</td>
                <td className="py-2 pr-3">{realmName(a.targetRealmId)}</td>
                <td className="py-2">
                  {a.isDefault ? (
                    <span className="text-xs text-slate-500">Managed by Okta</span>
                  ) : (
                    <div className="flex flex-wrap gap-1">
                      <Button size="sm" variant="ghost" disabled={!availability["realm.assignment.update"].allowed} onClick={() => setEditing(editing === a.id ? undefined : a.id)} aria-label={`Edit ${a.name}`}>
                        Edit
                      </Button>
                      {a.status === "ACTIVE" ? (
                        <Button size="sm" variant="ghost" disabled={!write("realm.assignment.deactivate")} onClick={() => act(async () => fromActionResult(await deactivateRealmAssignment({ connectionId, assignmentId: a.id })))} aria-label={`Deactivate ${a.name}`}>
                          Deactivate
                        </Button>
                      ) : (
                        <Button size="sm" variant="ghost" disabled={!write("realm.assignment.activate")} onClick={() => act(async () => fromActionResult(await activateRealmAssignment({ connectionId, assignmentId: a.id })))} aria-label={`Activate ${a.name}`}>
                          Activate
                        </Button>
                      )}
                      <Button size="sm" variant="ghost" disabled={!write("realm.assignment.execute")} onClick={() => execute(a.id)} aria-label={`Run ${a.name}`}>
                        Run
                      </Button>
                      <ConfirmDialog
                        open={deleting === a.id}
                        onOpenChange={(open) => setDeleting(open ? a.id : undefined)}
                        trigger={
                          <Button size="sm" variant="ghost" className="text-red-700" disabled={!availability["realm.assignment.delete"].allowed} aria-label={`Delete ${a.name}`}>
                            Delete
                          </Button>
                        }
                        title={`Delete ${a.name}?`}
                        description="Users it already moved stay where they are."
                        confirmLabel="Delete assignment"
                        pending={pending}
                        onConfirm={() => {
                          setDeleting(undefined);
                          act(async () => fromActionResult(await deleteRealmAssignment({ connectionId, assignmentId: a.id })));
                        }}
                      />
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {editing ? (
          <div className="mt-4">
            <AssignmentForm
              key={editing}
              connectionId={connectionId}
              realms={realms}
              profileSources={profileSources}
              availability={availability["realm.assignment.update"]}
              assignment={assignments.find((a) => a.id === editing)}
              onDone={doneEditing}
            />
          </div>
        ) : null}
      </section>
    </div>
  );
}
