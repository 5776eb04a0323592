"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { listRealmAssignments } from "@/lib/actions/realms/list-realm-assignments";
import type { AvailabilityMap } from "@/lib/realms/catalog";
import { fromActionResult, type RealmFailure } from "@/lib/realms/outcome";
import type { RealmAssignmentsView, RealmView } from "@/lib/realms/views";
import { AssignmentForm } from "./assignment-form";
import { AssignmentRun } from "./assignment-run";
import { AssignmentTable } from "./assignment-table";
import { FailureNotice } from "./failure-notice";
import { describedByIf, UnavailableNote } from "./unavailable-note";
import { useAssignmentCommands } from "./use-assignment-commands";

type Props = { connectionId: string; realm: RealmView; availability: AvailabilityMap };

/**
 * A realm's Assignments tab: the realm assignments that place users in this realm, with the same
 * row actions as the Assignments page and a new assignment already aimed at this realm. It reads
 * Okta when it mounts, i.e. when the tab is first shown, and again after each change.
 */
export function RealmAssignments({ connectionId, realm, availability }: Props) {
  const [data, setData] = useState<RealmAssignmentsView>();
  const [loading, setLoading] = useState(true);
  const [loadFailure, setLoadFailure] = useState<RealmFailure>();
  const [creating, setCreating] = useState(false);

  // Bumped to read the list again after a change.
  const [version, setVersion] = useState(0);
  // Okta is read when the tab first shows (this mounts then), not when the realm page opens.
  useEffect(() => {
    let current = true;
    listRealmAssignments({ connectionId, realmId: realm.id }).then(
      (result) => {
        if (!current) return;
        const outcome = fromActionResult(result);
        setLoading(false);
        setLoadFailure(outcome.ok ? undefined : outcome.failure);
        if (outcome.ok) setData(outcome.value);
      },
      () => {
        if (!current) return;
        setLoading(false);
        setLoadFailure({ code: "internal", message: "The assignments could not be loaded: the app did not answer. Try again." });
      },
    );
    return () => {
      current = false;
    };
  }, [connectionId, realm.id, version]);
  const reload = useCallback(() => {
    setLoading(true);
    setVersion((v) => v + 1);
  }, []);

  const commands = useAssignmentCommands(connectionId, reload);
  const create = availability["realm.assignment.create"];
  const base = `/connections/${encodeURIComponent(connectionId)}`;

  return (
    <section aria-labelledby="realm-assignments-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="realm-assignments-heading" className="mr-auto text-lg font-medium">
          Assignments to this realm
        </h2>
        <Link href={`${base}/assignments`} className="text-sm text-brand underline">
          All assignments
        </Link>
        <Modal
          open={creating}
          onOpenChange={setCreating}
          title={`New assignment for ${realm.name}`}
          description="Users of the profile source who match the condition are placed in this realm when the assignment runs."
          wide
          trigger={
            <Button disabled={!create.allowed || !data} aria-describedby={describedByIf(create, "realm-assignment-create-unavailable")}>
              New assignment for this realm
            </Button>
          }
        >
          <AssignmentForm
            connectionId={connectionId}
            realms={[realm]}
            profileSources={data?.profileSources ?? []}
            availability={create}
            target={realm}
            bare
            onDone={() => {
              setCreating(false);
              reload();
            }}
          />
        </Modal>
      </div>
      <UnavailableNote id="realm-assignment-create-unavailable" availability={create} />
      {loadFailure ? <FailureNotice failure={loadFailure} /> : null}
      {commands.failure ? <FailureNotice failure={commands.failure} /> : null}
      {commands.run ? <AssignmentRun key={commands.run.id} connectionId={connectionId} operation={commands.run} onFinished={reload} /> : null}
      <AssignmentTable
        connectionId={connectionId}
        assignments={data?.assignments ?? []}
        realms={[realm]}
        profileSources={data?.profileSources ?? []}
        availability={availability}
        commands={commands}
        onEdited={reload}
        hideTarget
        label={`Assignments to ${realm.name}`}
        empty="No realm assignment targets this realm."
        state={loading && !data ? { kind: "loading" } : loadFailure && !data ? { kind: "error", message: "The assignments could not be listed." } : { kind: "ready" }}
      />
    </section>
  );
}
