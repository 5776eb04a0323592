"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { Button } from "@/components/ui/button";
import type { AvailabilityMap } from "@/lib/realms/catalog";
import { profileSourcesOf, type AssignmentView, type RealmView } from "@/lib/realms/views";
import { AssignmentForm } from "./assignment-form";
import { AssignmentRun } from "./assignment-run";
import { AssignmentTable } from "./assignment-table";
import { FailureNotice } from "./failure-notice";
import { UnavailableNote } from "./unavailable-note";
import { useAssignmentCommands } from "./use-assignment-commands";

type Props = { connectionId: string; assignments: AssignmentView[]; realms: RealmView[]; availability: AvailabilityMap };

/** Realm assignments by priority, with create, and per row (its menu) edit, activate/deactivate, run and delete; or run all. */
export function AssignmentsPanel({ connectionId, assignments, realms, availability }: Props) {
  const router = useRouter();
  const refresh = useCallback(() => router.refresh(), [router]);
  const commands = useAssignmentCommands(connectionId, refresh);
  // A new key empties the create form once an assignment is created.
  const [created, setCreated] = useState(0);
  const doneCreating = useCallback(() => {
    setCreated((n) => n + 1);
    router.refresh();
  }, [router]);
  const profileSources = profileSourcesOf(assignments);
  const runAll = availability["realm.assignment.execute"];

  return (
    <div className="flex flex-col gap-6">
      <AssignmentForm key={created} connectionId={connectionId} realms={realms} profileSources={profileSources} availability={availability["realm.assignment.create"]} onDone={doneCreating} />
      <section aria-labelledby="assignments-heading">
        <div className="mb-3 flex flex-wrap items-center gap-3">
          <h2 id="assignments-heading" className="text-lg font-medium">
            Assignments by priority
          </h2>
          <Button variant="secondary" size="sm" disabled={!runAll.allowed || commands.pending} onClick={() => commands.execute("ALL")} aria-describedby={runAll.allowed ? undefined : "run-unavailable"}>
            Run all active
          </Button>
          <UnavailableNote id="run-unavailable" availability={runAll} />
        </div>
        {commands.failure ? <FailureNotice failure={commands.failure} className="mb-3" /> : null}
        {commands.run ? (
          <div className="mb-3">
            <AssignmentRun key={commands.run.id} connectionId={connectionId} operation={commands.run} onFinished={refresh} />
          </div>
        ) : null}
        <AssignmentTable connectionId={connectionId} assignments={assignments} realms={realms} profileSources={profileSources} availability={availability} commands={commands} onEdited={refresh} />
      </section>
    </div>
  );
}
