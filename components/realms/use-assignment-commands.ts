"use client";

import { useState, useTransition } from "react";
import { useToast } from "@/components/ui/toast";
import { activateRealmAssignment } from "@/lib/actions/realms/activate-realm-assignment";
import { deactivateRealmAssignment } from "@/lib/actions/realms/deactivate-realm-assignment";
import { deleteRealmAssignment } from "@/lib/actions/realms/delete-realm-assignment";
import { executeRealmAssignment } from "@/lib/actions/realms/execute-realm-assignment";
import { fromActionResult, type Outcome, type RealmFailure } from "@/lib/realms/outcome";
import type { AssignmentView, OperationView } from "@/lib/realms/views";

export type AssignmentCommands = ReturnType<typeof useAssignmentCommands>;

/**
 * A realm assignment's one-click actions (activate, deactivate, delete, run), shared by the
 * Assignments page and a realm's Assignments tab: each finished one is a toast, a failure stays
 * on the screen (`failure`, shown next to the table), and `onChanged` re-reads the list.
 */
export function useAssignmentCommands(connectionId: string, onChanged: () => void) {
  const toast = useToast();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<RealmFailure>();
  const [run, setRun] = useState<OperationView>();

  function act<T>(call: () => Promise<Outcome<T>>, done: (value: T) => string) {
    startTransition(async () => {
      const outcome = await call();
      if (!outcome.ok) return setFailure(outcome.failure);
      setFailure(undefined);
      toast(done(outcome.value));
      onChanged();
    });
  }
  const ids = (a: AssignmentView) => ({ connectionId, assignmentId: a.id });

  return {
    pending,
    failure,
    run,
    activate: (a: AssignmentView) => act(async () => fromActionResult(await activateRealmAssignment(ids(a))), () => `Activated “${a.name}”.`),
    deactivate: (a: AssignmentView) => act(async () => fromActionResult(await deactivateRealmAssignment(ids(a))), () => `Deactivated “${a.name}”.`),
    remove: (a: AssignmentView) => act(async () => fromActionResult(await deleteRealmAssignment(ids(a))), () => `Deleted “${a.name}”.`),
    /** One assignment, or every active one ("ALL"); the run is then followed (`run`). */
    execute: (a: AssignmentView | "ALL") =>
      act(
        async () => fromActionResult(await executeRealmAssignment({ connectionId, assignmentId: a === "ALL" ? "ALL" : a.id })),
        (operation) => {
          setRun(operation);
          return a === "ALL" ? "Started a run of all active assignments." : `Started a run of “${a.name}”.`;
        },
      ),
  };
}
